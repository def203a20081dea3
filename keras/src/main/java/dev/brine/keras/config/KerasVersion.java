package dev.brine.keras.config;

/**
 * The Keras version that wrote a file ({@code keras_version} attribute, {@code metadata.json}), as far as semantics
 * depend on it: Keras 3 redefined {@code hard_sigmoid} and changed the config layout.
 */
public record KerasVersion(String text) {

    public static final KerasVersion UNKNOWN = new KerasVersion("");

    public boolean isKeras3() {
        return major() >= 3;
    }

    public int major() {
        int end = 0;
        while (end < text.length() && Character.isDigit(text.charAt(end))) {
            end++;
        }
        return end == 0 || end > 6 ? 2 : Integer.parseInt(text.substring(0, end));
    }
}
