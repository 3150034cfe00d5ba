import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** A certificate credential in the shape msal's `clientCertificate` takes. */
export interface GraphCertificateCredential {
  /** Hex SHA-256 thumbprint of the certificate (preferred). */
  thumbprintSha256?: string;
  /** Hex SHA-1 thumbprint; only for old setups that registered it that way. */
  thumbprint?: string;
  /** PEM private key (PKCS#8, "BEGIN PRIVATE KEY"). */
  privateKey: string;
  /** Public certificate chain (PEM) sent as x5c, for subject-name/issuer registrations. */
  x5c?: string;
}

/**
 * Reads a PEM file holding the certificate and its unencrypted private key (the usual
 * `cat cert.pem key.pem > graph.pem`), and derives the SHA-256 thumbprint from the certificate.
 * @internal Exported for the tests as well.
 */
export function certificateFromPem(pem: string): GraphCertificateCredential {
  const certBlocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
  if (!certBlocks || certBlocks.length === 0) {
    throw new Error('the Graph certificate PEM holds no CERTIFICATE block');
  }
  const keyBlock =
    /-----BEGIN (?:RSA |EC )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA |EC )?PRIVATE KEY-----/.exec(pem)?.[0];
  if (!keyBlock) {
    throw new Error('the Graph certificate PEM holds no unencrypted PRIVATE KEY block');
  }
  const certificate = new X509Certificate(certBlocks[0]);
  // msal wants PKCS#8; accept PKCS#1 ("RSA PRIVATE KEY") input by re-exporting it.
  const privateKey = createPrivateKey(keyBlock).export({ format: 'pem', type: 'pkcs8' }).toString();
  if (!certificate.checkPrivateKey(createPrivateKey(privateKey))) {
    throw new Error('the private key in the Graph certificate PEM does not belong to its certificate');
  }
  return {
    thumbprintSha256: certificate.fingerprint256.replace(/:/g, '').toLowerCase(),
    privateKey,
    x5c: certBlocks.join('\n'),
  };
}

export function certificateFromPemFile(path: string): GraphCertificateCredential {
  return certificateFromPem(readFileSync(path, 'utf8'));
}
