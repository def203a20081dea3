package dev.brine.signing;

import dev.brine.core.CorruptModelException;
import dev.brine.core.UnsafeModelException;
import dev.brine.core.json.Json;
import dev.brine.core.json.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Interoperability with the reference implementation (sigstore/model-transparency's golden bundles, signed by its
 * releases 0.3.1 to 1.1.0 with a P-384 key), tampering of every kind, and round trips of Brine's own bundles. The
 * golden bundles are not in this repository (resources/model-transparency.md says where to fetch them): their tests
 * read {@code $BRINE_REAL_FILES/model-transparency/} and are skipped when that variable is unset; the round-trip and
 * tampering tests sign their own models with keys generated here and always run.
 */
class ModelSignaturesTest {
    @TempDir
    Path dir;

    private static Path golden(String name) {
        String realFiles = System.getenv("BRINE_REAL_FILES");
        assumeTrue(realFiles != null, "BRINE_REAL_FILES is unset: the reference's golden bundles are not in the "
                + "repository; fetch them into $BRINE_REAL_FILES/model-transparency/ as "
                + "signing/src/test/resources/model-transparency.md lists");
        return Path.of(realFiles, "model-transparency", name);
    }

    /** A model directory (signme-1, signme-2, ignore-me) Brine signed with a fresh P-384 key, ignore-me left out. */
    private record Signed(Path model, Path signature, ECPublicKey key) {
    }

    private Signed signedByBrine() throws Exception {
        Path model = Files.createDirectories(dir.resolve("model"));
        Files.writeString(model.resolve("signme-1"), "first signed file\n");
        Files.writeString(model.resolve("signme-2"), "second signed file\n");
        Files.writeString(model.resolve("ignore-me"), "left out\n");
        KeyPair pair = generate("secp384r1");
        Path privatePem = Files.writeString(dir.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        Path signature = dir.resolve("model.sig");
        ModelSignatures.sign(model, PemKeys.privateKey(privatePem), signature,
                List.of(model.resolve("ignore-me").toString()));
        return new Signed(model, signature, (ECPublicKey) pair.getPublic());
    }

    private static ECPublicKey goldenKey() {
        return PemKeys.publicKey(golden("keys/signing-key-pub.pem"));
    }

    /** A writable copy of a golden model directory. */
    private Path copy(String release) throws IOException {
        Path target = Files.createDirectories(dir.resolve(release));
        try (Stream<Path> files = Files.list(golden(release))) {
            for (Path file : files.toList()) {
                Files.copy(file, target.resolve(file.getFileName()));
            }
        }
        return target;
    }

    @ParameterizedTest
    @ValueSource(strings = {"v0.3.1-elliptic-key", "v1.0.0-elliptic-key"})
    void singleFileBundlesOfTheReferenceVerify(String release) {
        ModelSignatures.Verified verified = ModelSignatures.verify(golden(release + "/signme-1"),
                golden(release + "/model.sig"), goldenKey(), List.of());
        assertEquals(List.of("."), List.copyOf(verified.files().keySet()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1.0.1-elliptic-key", "v1.1.0-elliptic-key"})
    void directoryBundlesOfTheReferenceVerify(String release) {
        Path model = golden(release);
        ModelSignatures.Verified verified = ModelSignatures.verify(model, model.resolve("model.sig"), goldenKey(),
                List.of(model.resolve("ignore-me").toString()));
        assertEquals(List.of("signme-1", "signme-2"), List.copyOf(verified.files().keySet()));
        assertEquals(release, verified.modelName());
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1.0.0-certificate", "v1.0.1-certificate", "v1.1.0-certificate"})
    void certificateBundlesOfTheReferenceVerifyAgainstItsRootCertificate(String release) {
        Path model = golden(release);
        ModelSignatures.Verified verified = ModelSignatures.verifyWithCertificates(model, model.resolve("model.sig"),
                golden("keys/ca-cert.pem"), List.of(model.resolve("ignore-me").toString()));
        assertEquals(List.of("signme-1", "signme-2"), List.copyOf(verified.files().keySet()));
    }

    @Test
    void aCertificateBundleIsRefusedWithAnotherRootOrAsABareKeyBundle() throws Exception {
        Path model = golden("v1.1.0-certificate");
        Path signature = model.resolve("model.sig");
        // The signing certificate is not a root of its own chain: trusting it alone does not validate the chain.
        Path otherRoot = Files.writeString(dir.resolve("other-root.pem"), "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder().encodeToString(leafOf(signature)) + "\n-----END CERTIFICATE-----\n");
        assertEquals(3, assertThrows(UnsafeModelException.class, () -> ModelSignatures.verifyWithCertificates(model,
                signature, otherRoot, List.of())).exitCode());
        // A bare-key bundle has no chain to validate.
        Path keyBundle = golden("v1.1.0-elliptic-key");
        assertThrows(UnsafeModelException.class, () -> ModelSignatures.verifyWithCertificates(keyBundle,
                keyBundle.resolve("model.sig"), golden("keys/ca-cert.pem"), List.of()));
        // Tampering is found as with a key.
        Path copied = copy("v1.1.0-certificate");
        Files.writeString(copied.resolve("signme-2"), "tampered");
        CorruptModelException changed = assertThrows(CorruptModelException.class, () -> ModelSignatures
                .verifyWithCertificates(copied, copied.resolve("model.sig"), golden("keys/ca-cert.pem"), List.of()));
        assertTrue(changed.getMessage().contains("signme-2: changed"), changed.getMessage());
    }

    private static byte[] leafOf(Path signature) throws IOException {
        Json.JsonObject bundle = (Json.JsonObject) JsonParser.parse(Files.readString(signature));
        String raw = ((Json.JsonObject) bundle.getObject("verificationMaterial").getObject("x509CertificateChain")
                .getArray("certificates").get(0)).getString("rawBytes");
        return Base64.getDecoder().decode(raw);
    }

    @Test
    void aBundleThatRecordsItsIgnoredPathsNeedsNoneGiven() {
        Path model = golden("v1.1.0-elliptic-key");
        ModelSignatures.verify(model, model.resolve("model.sig"), goldenKey(), List.of());
        // 1.0.1 did not record them: its ignore-me is an unsigned extra file unless the verifier is told.
        Path older = golden("v1.0.1-elliptic-key");
        CorruptModelException extra = assertThrows(CorruptModelException.class,
                () -> ModelSignatures.verify(older, older.resolve("model.sig"), goldenKey(), List.of()));
        assertTrue(extra.getMessage().contains("ignore-me: not signed"), extra.getMessage());
    }

    @Test
    void aChangedMissingOrExtraFileIsNamed() throws Exception {
        Signed signed = signedByBrine();
        Path model = signed.model();
        ModelSignatures.verify(model, signed.signature(), signed.key(), List.of());
        Files.writeString(model.resolve("signme-1"), "tampered");
        Files.delete(model.resolve("signme-2"));
        Files.writeString(model.resolve("smuggled.bin"), "extra");
        CorruptModelException refused = assertThrows(CorruptModelException.class,
                () -> ModelSignatures.verify(model, signed.signature(), signed.key(), List.of()));
        assertEquals(4, refused.exitCode());
        String message = refused.getMessage();
        assertTrue(message.contains("signme-1: changed"), message);
        assertTrue(message.contains("signme-2: signed, but missing"), message);
        assertTrue(message.contains("smuggled.bin: not signed"), message);
    }

    @Test
    void anAlteredStatementOrSignatureOrAnotherKeyIsRefused() throws Exception {
        Signed signed = signedByBrine();
        Path model = signed.model();
        Path signature = signed.signature();
        List<String> ignore = List.of();
        String bundle = Files.readString(signature);
        Json.JsonObject parsed = (Json.JsonObject) JsonParser.parse(bundle);
        String payload = parsed.getObject("dsseEnvelope").getString("payload");
        String statement = new String(Base64.getDecoder().decode(payload), StandardCharsets.UTF_8);
        // The statement changed to list signme-1 with other bytes: the signature no longer holds.
        String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(model.resolve("signme-1"))));
        assertTrue(statement.contains(digest), statement);
        String forged = statement.replace(digest, (digest.charAt(0) == '0' ? "1" : "0") + digest.substring(1));
        Files.writeString(signature, bundle.replace(payload,
                Base64.getEncoder().encodeToString(forged.getBytes(StandardCharsets.UTF_8))));
        assertEquals(3, assertThrows(UnsafeModelException.class,
                () -> ModelSignatures.verify(model, signature, signed.key(), ignore)).exitCode());

        String sig = ((Json.JsonObject) parsed.getObject("dsseEnvelope").getArray("signatures").get(0))
                .getString("sig");
        byte[] flipped = Base64.getDecoder().decode(sig);
        flipped[flipped.length - 3] ^= 1;
        Files.writeString(signature, bundle.replace(sig, Base64.getEncoder().encodeToString(flipped)));
        assertThrows(UnsafeModelException.class,
                () -> ModelSignatures.verify(model, signature, signed.key(), ignore));

        Files.writeString(signature, bundle);
        ModelSignatures.verify(model, signature, signed.key(), ignore);
        ECPublicKey stranger = (ECPublicKey) generate("secp384r1").getPublic();
        assertThrows(UnsafeModelException.class, () -> ModelSignatures.verify(model, signature, stranger, ignore));
    }

    @Test
    void brineSignsWithTheReferenceKeyAsTheReferenceDoes() throws IOException {
        Path model = copy("v1.1.0-elliptic-key");
        Files.delete(model.resolve("model.sig"));
        PemKeys.SigningKey key = PemKeys.privateKey(golden("keys/signing-key.pem"));   // SEC1, P-384
        Path signature = ModelSignatures.defaultSignaturePath(model);
        ModelSignatures.sign(model, key, signature, List.of(model.resolve("ignore-me").toString()));
        ModelSignatures.Verified verified = ModelSignatures.verify(model, signature, goldenKey(), List.of());
        assertEquals(List.of("signme-1", "signme-2"), List.copyOf(verified.files().keySet()));

        // The same statement, key hint and structure as the reference's own 1.1.0 bundle of these files.
        Json.JsonObject ours = (Json.JsonObject) JsonParser.parse(Files.readString(signature));
        Json.JsonObject theirs = (Json.JsonObject) JsonParser.parse(
                Files.readString(golden("v1.1.0-elliptic-key/model.sig")));
        assertEquals(theirs.getString("mediaType"), ours.getString("mediaType"));
        assertEquals(theirs.getObject("verificationMaterial").getObject("publicKey").getString("hint"),
                ours.getObject("verificationMaterial").getObject("publicKey").getString("hint"));
        Json.JsonObject ourStatement = statementOf(ours);
        Json.JsonObject theirStatement = statementOf(theirs);
        assertEquals(theirStatement.getArray("subject"), ourStatement.getArray("subject"));
        assertEquals(theirStatement.getObject("predicate").getArray("resources"),
                ourStatement.getObject("predicate").getArray("resources"));
        assertEquals(theirStatement.getString("predicateType"), ourStatement.getString("predicateType"));
    }

    private static Json.JsonObject statementOf(Json.JsonObject bundle) {
        String payload = bundle.getObject("dsseEnvelope").getString("payload");
        return (Json.JsonObject) JsonParser.parse(new String(Base64.getDecoder().decode(payload),
                StandardCharsets.UTF_8));
    }

    private static Path resource(String name) {
        try {
            return Path.of(ModelSignaturesTest.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    /** A key openssl encrypted under a passphrase (keys/gen-encrypted.sh): PBES2, PBKDF2-HMAC-SHA256, AES-256-CBC. */
    @Test
    void anEncryptedKeySignsWithItsPassphraseOnly() throws IOException {
        Path encrypted = resource("/keys/encrypted.pem");
        Path model = Files.write(dir.resolve("m.onnx"), new byte[] {9, 8, 7});
        Path signature = ModelSignatures.defaultSignaturePath(model);
        assertThrows(IllegalArgumentException.class, () -> PemKeys.privateKey(encrypted));
        assertThrows(IllegalArgumentException.class,
                () -> PemKeys.privateKey(encrypted, java.util.Optional.of("wrong".toCharArray())));
        PemKeys.SigningKey key = PemKeys.privateKey(encrypted, java.util.Optional.of("correct-horse".toCharArray()));
        ModelSignatures.sign(model, key, signature, List.of());
        ModelSignatures.verify(model, signature, PemKeys.publicKey(resource("/keys/encrypted-pub.pem")), List.of());
    }

    @ParameterizedTest
    @ValueSource(strings = {"secp256r1", "secp384r1", "secp521r1"})
    void everyCurveRoundTripsThroughPkcs8PemFiles(String curve) throws Exception {
        KeyPair pair = generate(curve);
        Path privatePem = Files.writeString(dir.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        Path publicPem = Files.writeString(dir.resolve("pub.pem"), PemKeys.pem(pair.getPublic()));
        Path model = Files.write(dir.resolve("model.brine"), new byte[] {1, 2, 3, 4, 5});
        Path signature = ModelSignatures.defaultSignaturePath(model);
        assertEquals(dir.resolve("model.brine.sig"), signature);
        ModelSignatures.sign(model, PemKeys.privateKey(privatePem), signature, List.of());
        ModelSignatures.Verified verified = ModelSignatures.verify(model, signature, PemKeys.publicKey(publicPem),
                List.of());
        assertEquals(Map.of(".", "74f81fe167d99b4cb41d6d0ccda82278caee9f3e2f25d5e5a3936ff3dcec60d0"),
                verified.files());
        Files.write(model, new byte[] {1, 2, 3, 4, 6});
        assertThrows(CorruptModelException.class, () -> ModelSignatures.verify(model, signature,
                PemKeys.publicKey(publicPem), List.of()));
    }

    private static KeyPair generate(String curve) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(curve));
        return generator.generateKeyPair();
    }
}
