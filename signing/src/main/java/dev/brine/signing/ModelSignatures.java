package dev.brine.signing;

import dev.brine.core.CorruptModelException;
import dev.brine.core.UnsafeModelException;
import dev.brine.core.UnsupportedModelException;
import dev.brine.core.format.Integrity;
import dev.brine.core.io.AtomicFile;
import dev.brine.core.json.Json;
import dev.brine.core.json.JsonParser;
import dev.brine.core.json.JsonShapeException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.ECKey;
import java.security.interfaces.ECPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Model signatures compatible with OpenSSF model signing v1.0 (the {@code model_signing} tool of
 * sigstore/model-transparency): a Sigstore bundle v0.3 whose DSSE envelope ({@code application/vnd.in-toto+json})
 * signs an in-toto Statement v1 of predicate type {@code https://model_signing/signature/v1.0}; the predicate lists
 * every file of the model with its SHA-256, and the subject's digest is the SHA-256 of those digests in order. The
 * signature is ECDSA (P-256 with SHA-256, P-384 with SHA-384, P-521 with SHA-512), DER-encoded, over the DSSE
 * pre-authentication encoding of the statement.
 */
public final class ModelSignatures {
    static final String BUNDLE_MEDIA_TYPE = "application/vnd.dev.sigstore.bundle.v0.3+json";
    static final String PAYLOAD_TYPE = "application/vnd.in-toto+json";
    static final String STATEMENT_TYPE = "https://in-toto.io/Statement/v1";
    static final String PREDICATE_TYPE = "https://model_signing/signature/v1.0";
    /** The signature of a model directory lives inside it under this name. */
    public static final String DIRECTORY_SIGNATURE = "model.sig";

    private ModelSignatures() {
    }

    /** What a valid signature vouches for. */
    public record Verified(String modelName, Map<String, String> files, String keyHint) {
    }

    /** Where the signature of {@code model} goes by default: {@code MODEL.sig}, or {@code DIR/model.sig}. */
    public static Path defaultSignaturePath(Path model) {
        return Files.isDirectory(model) ? model.resolve(DIRECTORY_SIGNATURE)
                : model.resolveSibling(model.getFileName() + ".sig");
    }

    /**
     * Signs every file of {@code model} (a file or a directory) and writes the bundle to {@code signature},
     * atomically. {@code ignored}: paths relative to a model directory to leave out, besides the signature itself and
     * git's files. Returns what was signed.
     */
    public static Verified sign(Path model, PemKeys.SigningKey key, Path signature, List<String> ignored) {
        List<String> ignoredPaths = ignoredPaths(model, signature, ignored);
        Map<String, String> files = ModelFiles.digests(model, ignoredPaths);
        Json.JsonObject statement = statement(modelName(model), files, ignoredPaths);
        byte[] payload = statement.toPrettyString().getBytes(StandardCharsets.UTF_8);
        byte[] sig;
        try {
            Signature ecdsa = Signature.getInstance(algorithm((ECKey) key.privateKey()));
            ecdsa.initSign(key.privateKey());
            ecdsa.update(pae(payload));
            sig = ecdsa.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK refused to sign with an EC key it read: " + e.getMessage(), e);
        }
        Json.ObjectBuilder material = Json.object();
        key.publicKey().ifPresent(publicKey -> material.put("publicKey", Json.object()
                .put("hint", hint(publicKey)).build()));
        material.put("tlogEntries", Json.array(List.of()));
        Json.JsonObject bundle = Json.object()
                .put("mediaType", BUNDLE_MEDIA_TYPE)
                .put("verificationMaterial", material.build())
                .put("dsseEnvelope", Json.object()
                        .put("payload", Base64.getEncoder().encodeToString(payload))
                        .put("payloadType", PAYLOAD_TYPE)
                        .put("signatures", Json.array(List.of(Json.object()
                                .put("sig", Base64.getEncoder().encodeToString(sig))
                                .put("keyid", "")
                                .build())))
                        .build())
                .build();
        AtomicFile.write(signature, bundle.toString().getBytes(StandardCharsets.UTF_8));
        return new Verified(modelName(model), files, key.publicKey().map(ModelSignatures::hint).orElse(""));
    }

    /**
     * Verifies that {@code signature} is a bundle signed by {@code publicKey} over exactly the files of
     * {@code model}: the signature (exit 3 when it does not hold), the statement, and every file's SHA-256 — a missing,
     * extra or changed file is named (exit 4).
     */
    public static Verified verify(Path model, Path signature, ECPublicKey publicKey, List<String> ignored) {
        return verify(model, signature, ignored, (material, where) -> {
            String keyHint = hint(publicKey);
            if (material.has("publicKey") && material.getObject("publicKey").has("hint")
                    && !material.getObject("publicKey").getString("hint").equals(keyHint)) {
                throw new UnsafeModelException(where + ": signed with another key (key hint "
                        + material.getObject("publicKey").getString("hint") + ", the key given has " + keyHint + ").");
            }
            return publicKey;
        });
    }

    /**
     * Verifies a bundle signed with a certificate: its chain must lead to one of the root certificates in
     * {@code trustRoots} (a PEM file), then as {@link #verify(Path, Path, ECPublicKey, List)}.
     */
    public static Verified verifyWithCertificates(Path model, Path signature, Path trustRoots, List<String> ignored) {
        List<java.security.cert.X509Certificate> roots = CertificateChains.read(trustRoots);
        return verify(model, signature, ignored,
                (material, where) -> CertificateChains.signingKey(material, roots, where));
    }

    /** Finds the key a bundle must verify with, from its verification material, or refuses the bundle. */
    private interface KeySource {
        ECPublicKey keyFor(Json.JsonObject verificationMaterial, Path signature);
    }

    private static Verified verify(Path model, Path signature, List<String> ignored, KeySource keys) {
        Json.JsonObject bundle = readBundle(signature);
        try {
            if (!BUNDLE_MEDIA_TYPE.equals(bundle.getString("mediaType"))) {
                throw new UnsupportedModelException(signature + ": bundle media type " + bundle.getString("mediaType")
                        + "; Brine reads " + BUNDLE_MEDIA_TYPE + ".");
            }
            ECPublicKey publicKey = keys.keyFor(bundle.getObject("verificationMaterial"), signature);
            Json.JsonObject envelope = bundle.getObject("dsseEnvelope");
            if (!PAYLOAD_TYPE.equals(envelope.getString("payloadType"))) {
                throw new UnsupportedModelException(signature + ": DSSE payload type "
                        + envelope.getString("payloadType") + "; model signatures carry " + PAYLOAD_TYPE + ".");
            }
            byte[] payload = Base64.getDecoder().decode(envelope.getString("payload"));
            var signatures = envelope.getArray("signatures");
            if (signatures.size() != 1) {
                throw new CorruptModelException(signature + ": the envelope holds " + signatures.size()
                        + " signatures; a model signature has one.");
            }
            byte[] sig = Base64.getDecoder().decode(((Json.JsonObject) signatures.get(0)).getString("sig"));
            if (!signatureHolds(publicKey, payload, sig)) {
                throw new UnsafeModelException(signature + ": the signature does not verify with the signer's public"
                        + " key: the model was not signed by its private key, or the statement was altered.");
            }
            return checkStatement(model, signature, JsonParser.parse(new String(payload, StandardCharsets.UTF_8)),
                    ignored, hint(publicKey));
        } catch (JsonShapeException | ClassCastException | IllegalArgumentException e) {
            throw new CorruptModelException(signature + ": not a model signature bundle: " + e.getMessage());
        }
    }

    private static Verified checkStatement(Path model, Path signature, Json statementJson, List<String> ignored,
                                           String keyHint) {
        Json.JsonObject statement = (Json.JsonObject) statementJson;
        if (!STATEMENT_TYPE.equals(statement.getString("_type"))
                || !PREDICATE_TYPE.equals(statement.getString("predicateType"))) {
            throw new UnsupportedModelException(signature + ": statement " + statement.getString("_type")
                    + " of predicate type " + statement.getString("predicateType") + "; Brine reads "
                    + PREDICATE_TYPE + " in " + STATEMENT_TYPE + ".");
        }
        Json.JsonObject predicate = statement.getObject("predicate");
        Json.JsonObject serialization = predicate.getObject("serialization");
        if (!"files".equals(serialization.getString("method"))
                || !"sha256".equals(serialization.getString("hash_type"))) {
            throw new UnsupportedModelException(signature + ": serialization " + serialization + "; Brine"
                    + " verifies the \"files\" method with sha256.");
        }
        Map<String, String> signed = new TreeMap<>();
        MessageDigest subject = Integrity.newDigest();
        for (Json item : predicate.getArray("resources").items()) {
            Json.JsonObject resource = (Json.JsonObject) item;
            if (!"sha256".equals(resource.getString("algorithm"))) {
                throw new UnsupportedModelException(signature + ": resource " + resource.getString("name")
                        + " is hashed with " + resource.getString("algorithm") + ", not sha256.");
            }
            String digest = resource.getString("digest");
            subject.update(HexFormat.of().parseHex(digest));
            if (signed.put(resource.getString("name"), digest) != null) {
                throw new CorruptModelException(signature + ": the statement lists "
                        + resource.getString("name") + " twice.");
            }
        }
        var subjects = statement.getArray("subject");
        String subjectDigest = ((Json.JsonObject) subjects.get(0)).getObject("digest").getString("sha256");
        if (subjects.size() != 1 || !subjectDigest.equals(Integrity.hex(subject.digest()))) {
            throw new CorruptModelException(signature + ": the statement's subject digest is not the digest of its"
                    + " resources.");
        }
        List<String> ignoredPaths = new ArrayList<>(ignoredPaths(model, signature, ignored));
        if (serialization.has("ignore_paths")) {
            ignoredPaths.addAll(serialization.getArray("ignore_paths").toStringList());
        }
        Map<String, String> actual = ModelFiles.digests(model, ignoredPaths);
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> file : signed.entrySet()) {
            String found = actual.get(file.getKey());
            if (found == null) {
                problems.add(file.getKey() + ": signed, but missing");
            } else if (!found.equals(file.getValue())) {
                problems.add(file.getKey() + ": changed (signed sha256 " + file.getValue() + ", found " + found + ")");
            }
        }
        for (String extra : actual.keySet()) {
            if (!signed.containsKey(extra)) {
                problems.add(extra + ": not signed (an extra file; --ignore-paths leaves it out)");
            }
        }
        if (!problems.isEmpty()) {
            throw new CorruptModelException(model + " does not match the signature " + signature + ":\n  "
                    + String.join("\n  ", problems));
        }
        String name = ((Json.JsonObject) subjects.get(0)).getString("name");
        return new Verified(name, signed, keyHint);
    }

    private static boolean signatureHolds(ECPublicKey key, byte[] payload, byte[] sig) {
        try {
            Signature ecdsa = Signature.getInstance(algorithm(key));
            ecdsa.initVerify(key);
            ecdsa.update(pae(payload));
            return ecdsa.verify(sig);
        } catch (java.security.SignatureException malformed) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK refused an EC key it read: " + e.getMessage(), e);
        }
    }

    /** DSSE v1 pre-authentication encoding: what is actually signed. */
    static byte[] pae(byte[] payload) {
        byte[] prefix = ("DSSEv1 " + PAYLOAD_TYPE.length() + " " + PAYLOAD_TYPE + " " + payload.length + " ")
                .getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[prefix.length + payload.length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(payload, 0, out, prefix.length, payload.length);
        return out;
    }

    /** The hash that goes with the curve, as the reference tool pairs them. */
    private static String algorithm(ECKey key) {
        int bits = key.getParams().getCurve().getField().getFieldSize();
        return switch (bits) {
            case 256 -> "SHA256withECDSA";
            case 384 -> "SHA384withECDSA";
            case 521 -> "SHA512withECDSA";
            default -> throw new UnsupportedModelException("an EC key on a " + bits + "-bit curve; model signatures"
                    + " use P-256, P-384 or P-521.");
        };
    }

    /** The bundle's key hint: the SHA-256 of the public key's PEM text. */
    static String hint(ECPublicKey key) {
        return Integrity.hex(Integrity.newDigest().digest(PemKeys.pem(key).getBytes(StandardCharsets.US_ASCII)));
    }

    private static Json.JsonObject statement(String name, Map<String, String> files, List<String> ignoredPaths) {
        MessageDigest subject = Integrity.newDigest();
        List<Json> resources = new ArrayList<>();
        for (Map.Entry<String, String> file : files.entrySet()) {
            subject.update(HexFormat.of().parseHex(file.getValue()));
            resources.add(Json.object().put("algorithm", "sha256").put("digest", file.getValue())
                    .put("name", file.getKey()).build());
        }
        return Json.object()
                .put("_type", STATEMENT_TYPE)
                .put("subject", Json.array(List.of(Json.object().put("name", name)
                        .put("digest", Json.object().put("sha256", Integrity.hex(subject.digest())).build())
                        .build())))
                .put("predicateType", PREDICATE_TYPE)
                .put("predicate", Json.object()
                        .put("serialization", Json.object()
                                .put("method", "files")
                                .put("hash_type", "sha256")
                                .put("allow_symlinks", false)
                                .put("ignore_paths", Json.arrayOfStrings(ignoredPaths))
                                .build())
                        .put("resources", Json.array(resources))
                        .build())
                .build();
    }

    /** git's files, the signature when it lies inside the model directory, and the user's paths (made relative). */
    private static List<String> ignoredPaths(Path model, Path signature, List<String> ignored) {
        Set<String> paths = new LinkedHashSet<>(ModelFiles.DEFAULT_IGNORED);
        if (Files.isDirectory(model)) {
            Path absoluteModel = model.toAbsolutePath().normalize();
            Path absoluteSignature = signature.toAbsolutePath().normalize();
            if (absoluteSignature.startsWith(absoluteModel)) {
                paths.add(ModelFiles.name(absoluteModel, absoluteSignature));
            }
            for (String path : ignored) {
                Path absolute = Path.of(path).toAbsolutePath().normalize();
                paths.add(absolute.startsWith(absoluteModel) ? ModelFiles.name(absoluteModel, absolute) : path);
            }
        }
        return List.copyOf(paths);
    }

    private static String modelName(Path model) {
        Path name = model.toAbsolutePath().normalize().getFileName();
        return name == null ? "model" : name.toString();
    }

    private static Json.JsonObject readBundle(Path signature) {
        try {
            Json parsed = JsonParser.parse(Files.readString(signature, StandardCharsets.UTF_8));
            if (parsed instanceof Json.JsonObject object) {
                return object;
            }
            throw new CorruptModelException(signature + ": not a JSON object, so not a signature bundle.");
        } catch (NoSuchFileException e) {
            throw new dev.brine.core.ModelNotFoundException(signature + ": no such signature file. Sign the model"
                    + " with `brine sign`, or give --signature.");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + signature, e);
        }
    }
}
