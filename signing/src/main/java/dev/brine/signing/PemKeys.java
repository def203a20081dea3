package dev.brine.signing;

import dev.brine.core.CorruptModelException;
import dev.brine.core.UnsupportedModelException;

import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ECDSA keys in PEM files, read with the JDK alone: {@code PUBLIC KEY} (SubjectPublicKeyInfo), {@code PRIVATE KEY}
 * (PKCS#8), {@code ENCRYPTED PRIVATE KEY} (PKCS#8 under a passphrase, PBES2 as {@code openssl pkcs8 -topk8} writes it)
 * and {@code EC PRIVATE KEY} (SEC1, as {@code openssl ecparam -genkey} and the reference tool's test keys write it).
 * Text around the block (a tool's description of the key) is ignored.
 */
public final class PemKeys {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
    /** id-ecPublicKey, 1.2.840.10045.2.1. */
    private static final byte[] EC_PUBLIC_KEY_OID = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};

    private PemKeys() {
    }

    /** A private key with, when the file holds it (SEC1 and most PKCS#8 files do), its public half. */
    public record SigningKey(PrivateKey privateKey, Optional<ECPublicKey> publicKey) {
    }

    public static ECPublicKey publicKey(Path file) {
        Block block = block(file, List.of("PUBLIC KEY"));
        return ecPublicKey(decodePublic(block.der(), file), file);
    }

    public static SigningKey privateKey(Path file) {
        return privateKey(file, Optional.empty());
    }

    /** A private key, decrypted with {@code passphrase} when the file holds an {@code ENCRYPTED PRIVATE KEY}. */
    public static SigningKey privateKey(Path file, Optional<char[]> passphrase) {
        Block block = block(file, List.of("PRIVATE KEY", "EC PRIVATE KEY", "ENCRYPTED PRIVATE KEY"));
        if (block.type().equals("ENCRYPTED PRIVATE KEY")) {
            block = new Block("PRIVATE KEY", decrypt(block.der(), passphrase.orElseThrow(() ->
                    new IllegalArgumentException(file + " is protected by a passphrase: give it with --passphrase-file"
                            + " FILE or BRINE_KEY_PASSPHRASE")), file));
        }
        try {
            byte[] sec1;
            byte[] pkcs8;
            byte[] curve;
            if (block.type().equals("EC PRIVATE KEY")) {
                sec1 = block.der();
                curve = curveOid(sec1);
                pkcs8 = pkcs8FromSec1(sec1, curve);
            } else {
                pkcs8 = block.der();
                List<Der.Element> fields = Der.read(pkcs8).children();
                curve = fields.get(1).children().get(1).encoded();
                sec1 = fields.get(2).contents();
            }
            PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            return new SigningKey(key, publicFromSec1(sec1, curve, file));
        } catch (GeneralSecurityException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new CorruptModelException(file + ": not an EC private key the JDK can read (" + e.getMessage()
                    + "). Give an ECDSA P-256, P-384 or P-521 key in PEM (PKCS#8 or SEC1).");
        }
    }

    /** The PEM text of a public key as the reference tool writes it; its SHA-256 is the bundle's key hint. */
    public static String pem(PublicKey key) {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded());
        return "-----BEGIN PUBLIC KEY-----\n" + base64 + "\n-----END PUBLIC KEY-----\n";
    }

    private record Block(String type, byte[] der) {
    }

    /** The contents of every block of {@code type} in the file, in order. */
    static List<byte[]> blocks(Path file, String type) {
        List<byte[]> blocks = new java.util.ArrayList<>();
        Matcher matcher = BLOCK.matcher(text(file));
        while (matcher.find()) {
            if (matcher.group(1).equals(type)) {
                blocks.add(decode(matcher, file));
            }
        }
        return blocks;
    }

    private static String text(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new dev.brine.core.ModelNotFoundException(file + ": no such key file.");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static byte[] decode(Matcher matcher, Path file) {
        try {
            return Base64.getMimeDecoder().decode(matcher.group(2));
        } catch (IllegalArgumentException e) {
            throw new CorruptModelException(file + ": the " + matcher.group(1) + " block is not base64.");
        }
    }

    private static Block block(Path file, List<String> types) {
        Matcher matcher = BLOCK.matcher(text(file));
        while (matcher.find()) {
            if (types.contains(matcher.group(1))) {
                return new Block(matcher.group(1), decode(matcher, file));
            }
        }
        throw new CorruptModelException(file + ": no PEM block of type " + String.join(" or ", types) + ".");
    }

    /** The PKCS#8 encoding inside an EncryptedPrivateKeyInfo; a wrong passphrase is a usage error. */
    private static byte[] decrypt(byte[] der, char[] passphrase, Path file) {
        try {
            EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
            SecretKey key = SecretKeyFactory.getInstance(info.getAlgName()).generateSecret(new PBEKeySpec(passphrase));
            return info.getKeySpec(key).getEncoded();
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException(file + ": the passphrase does not decrypt the key");
        } catch (GeneralSecurityException | IOException e) {
            throw new UnsupportedModelException(file + ": an encrypted key the JDK cannot decrypt (" + e.getMessage()
                    + "); re-encrypt it with `openssl pkcs8 -topk8 -v2 aes-256-cbc`.");
        }
    }

    /** SEC1 ECPrivateKey to PKCS#8: the curve moves from [0] into the algorithm identifier. */
    private static byte[] pkcs8FromSec1(byte[] sec1, byte[] curve) {
        return Der.encode(Der.SEQUENCE, Der.encode(Der.INTEGER, new byte[] {0}),
                Der.encode(Der.SEQUENCE, EC_PUBLIC_KEY_OID, curve), Der.encode(Der.OCTET_STRING, sec1));
    }

    private static byte[] curveOid(byte[] sec1) {
        for (Der.Element field : Der.read(sec1).children()) {
            if (field.tag() == 0xa0) {
                return field.children().getFirst().encoded();
            }
        }
        throw new IllegalArgumentException("the SEC1 key does not name its curve");
    }

    /** The public key stored in a SEC1 structure's [1], when there is one, on the curve {@code curve}. */
    private static Optional<ECPublicKey> publicFromSec1(byte[] sec1, byte[] curve, Path file) {
        byte[] point = null;
        for (Der.Element field : Der.read(sec1).children()) {
            if (field.tag() == 0xa1) {
                point = field.children().getFirst().encoded();
            }
        }
        if (point == null) {
            return Optional.empty();
        }
        byte[] spki = Der.encode(Der.SEQUENCE, Der.encode(Der.SEQUENCE, EC_PUBLIC_KEY_OID, curve), point);
        return Optional.of(ecPublicKey(decodePublic(spki, file), file));
    }

    private static PublicKey decodePublic(byte[] spki, Path file) {
        try {
            return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException e) {
            throw new CorruptModelException(file + ": not an EC public key the JDK can read (" + e.getMessage()
                    + "). Give an ECDSA P-256, P-384 or P-521 public key in PEM (SubjectPublicKeyInfo).");
        }
    }

    private static ECPublicKey ecPublicKey(PublicKey key, Path file) {
        if (key instanceof ECPublicKey ec) {
            return ec;
        }
        throw new UnsupportedModelException(file + ": a " + key.getAlgorithm() + " key; model signatures use"
                + " ECDSA (P-256, P-384, P-521).");
    }
}
