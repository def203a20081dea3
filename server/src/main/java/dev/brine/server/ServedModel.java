package dev.brine.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A model name and its tracks. The first track is the default ({@code /v2/models/NAME}); every track's current
 * version is also reachable as {@code /v2/models/NAME/versions/V}. Sources without version labels of their own are
 * numbered from one counter per name, so their labels never collide.
 */
final class ServedModel {
    final String name;
    final List<Track> tracks;
    private final AtomicLong loads = new AtomicLong();

    ServedModel(String name, List<ModelSource> sources) {
        this.name = name;
        this.tracks = sources.stream().map(Track::new).toList();
    }

    /** The next label for a source that does not name its versions. */
    String nextGeneratedVersion() {
        return Long.toString(loads.incrementAndGet());
    }

    /** The default version, or null while it is not loaded. */
    LiveVersion defaultVersion() {
        return tracks.getFirst().current();
    }

    Optional<LiveVersion> version(String label) {
        for (Track track : tracks) {
            LiveVersion live = track.current();
            if (live != null && live.version().equals(label)) {
                return Optional.of(live);
            }
        }
        return Optional.empty();
    }

    /** Versions taking traffic, default first, without duplicates (two aliases on one version). */
    List<LiveVersion> live() {
        List<LiveVersion> live = new ArrayList<>();
        for (Track track : tracks) {
            LiveVersion version = track.current();
            if (version != null && live.stream().noneMatch(v -> v.version().equals(version.version()))) {
                live.add(version);
            }
        }
        return live;
    }

    boolean ready() {
        return defaultVersion() != null;
    }
}
