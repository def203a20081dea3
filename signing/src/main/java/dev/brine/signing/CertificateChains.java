package dev.brine.signing;

import dev.brine.core.CorruptModelException;
import dev.brine.core.UnsafeModelException;
import dev.brine.core.UnsupportedModelException;
import dev.brine.core.json.Json;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The signing key of a bundle made with a certificate ({@code x509CertificateChain}: the signing certificate first,
 * then its intermediates), trusted only when the chain leads to one of the given roots. As the reference verifier
 * does, the chain is judged at the moment the signing certificate became valid (a signature outlives its short-lived
 * certificate), without revocation, and the signing certificate must allow signing: key usage digitalSignature or
 * extended key usage codeSigning.
 */
final class CertificateChains {
    private static final String CODE_SIGNING = "1.3.6.1.5.5.7.3.3";

    private CertificateChains() {
    }

    /** The certificates of a PEM file (every {@code CERTIFICATE} block), such as a CA bundle. */
    static List<X509Certificate> read(Path pem) {
        List<X509Certificate> certificates = new ArrayList<>();
        for (byte[] der : PemKeys.blocks(pem, "CERTIFICATE")) {
            certificates.add(certificate(der, pem.toString()));
        }
        if (certificates.isEmpty()) {
            throw new CorruptModelException(pem + ": no CERTIFICATE block; give the root certificate(s) in PEM.");
        }
        return certificates;
    }

    /** The public key of the bundle's signing certificate, once its chain is validated against {@code roots}. */
    static ECPublicKey signingKey(Json.JsonObject material, List<X509Certificate> roots, Path signature) {
        if (!material.has("x509CertificateChain")) {
            throw new UnsafeModelException(signature + ": the bundle carries no certificate chain (it was signed with"
                    + " a bare key: verify it with --public-key).");
        }
        List<X509Certificate> chain = new ArrayList<>();
        for (Json item : material.getObject("x509CertificateChain").getArray("certificates").items()) {
            chain.add(certificate(Base64.getDecoder().decode(((Json.JsonObject) item).getString("rawBytes")),
                    signature.toString()));
        }
        if (chain.isEmpty()) {
            throw new CorruptModelException(signature + ": the certificate chain is empty.");
        }
        X509Certificate signer = chain.getFirst();
        try {
            Set<TrustAnchor> anchors = new HashSet<>();
            roots.forEach(root -> anchors.add(new TrustAnchor(root, null)));
            PKIXParameters parameters = new PKIXParameters(anchors);
            parameters.setRevocationEnabled(false);
            parameters.setDate(signer.getNotBefore());
            CertPathValidator.getInstance("PKIX").validate(
                    CertificateFactory.getInstance("X.509").generateCertPath(chain), parameters);
        } catch (GeneralSecurityException e) {
            throw new UnsafeModelException(signature + ": the signing certificate (" + signer.getSubjectX500Principal()
                    + ") does not chain to the trusted roots given: " + e.getMessage() + ".");
        }
        if (!allowsSigning(signer)) {
            throw new UnsafeModelException(signature + ": the signing certificate (" + signer.getSubjectX500Principal()
                    + ") allows neither digital signatures nor code signing.");
        }
        if (signer.getPublicKey() instanceof ECPublicKey key) {
            return key;
        }
        throw new UnsupportedModelException(signature + ": the signing certificate holds a "
                + signer.getPublicKey().getAlgorithm() + " key; model signatures use ECDSA.");
    }

    private static boolean allowsSigning(X509Certificate signer) {
        boolean[] usage = signer.getKeyUsage();
        if (usage != null && usage.length > 0 && usage[0]) {
            return true;
        }
        try {
            List<String> extended = signer.getExtendedKeyUsage();
            return extended != null && extended.contains(CODE_SIGNING);
        } catch (CertificateException e) {
            return false;
        }
    }

    private static X509Certificate certificate(byte[] der, String where) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new CorruptModelException(where + ": a certificate that does not parse: " + e.getMessage() + ".");
        }
    }
}
