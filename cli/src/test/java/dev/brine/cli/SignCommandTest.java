package dev.brine.cli;

import dev.brine.core.Models;
import dev.brine.models.Trainers;
import dev.brine.models.data.CsvTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import static dev.brine.cli.MainTest.brine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code brine sign} and {@code brine verify --public-key} on a trained model, as a user runs them. */
class SignCommandTest {
    @TempDir
    Path dir;

    private Path[] keyFiles(String name) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        Path key = Files.writeString(dir.resolve(name + ".pem"), "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        Path pub = Files.writeString(dir.resolve(name + "-pub.pem"), "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(pair.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
        return new Path[] {key, pub};
    }

    @Test
    void aSignedModelVerifiesAndAnyChangeOrAnotherKeyIsRefused() throws Exception {
        Path csv = Files.writeString(dir.resolve("train.csv"), "x,y\n0,1\n1,3\n2,5\n3,7\n4,9.5\n");
        Path model = dir.resolve("line.brine");
        Models.save(Trainers.train("linear", CsvTable.read(csv), "y", Map.of(), Optional.empty(), 1), model);
        Path[] keys = keyFiles("signer");

        MainTest.Result signed = brine("sign", model.toString(), "--key", keys[0].toString());
        assertEquals(0, signed.exitCode(), signed.err());
        assertTrue(Files.exists(dir.resolve("line.brine.sig")));
        MainTest.Result verified = brine("verify", model.toString(), "--public-key", keys[1].toString());
        assertEquals(0, verified.exitCode(), verified.err());
        assertTrue(verified.out().contains("signature valid") && verified.out().contains("intact"), verified.out());

        // A bundle signed with a bare key has no certificate chain to trust.
        Path anyPem = keys[1];
        assertEquals(4, brine("verify", model.toString(), "--cert-chain", anyPem.toString()).exitCode(),
                "a file without a CERTIFICATE block is not a trust root");

        Path[] stranger = keyFiles("stranger");
        assertEquals(3, brine("verify", model.toString(), "--public-key", stranger[1].toString()).exitCode());

        byte[] bytes = Files.readAllBytes(model);
        bytes[bytes.length - 1] ^= 1;
        Files.write(model, bytes);
        MainTest.Result changed = brine("verify", model.toString(), "--public-key", keys[1].toString());
        assertEquals(4, changed.exitCode(), changed.err());
        assertTrue(changed.err().contains(".: changed"), changed.err());
        assertEquals(7, brine("verify", model.toString(), "--public-key", keys[1].toString(), "--signature",
                dir.resolve("none.sig").toString()).exitCode());
    }
}
