// Test cases for tls.yaml (semgrep --test). Not compiled.
package shiftleft.tests;

import java.security.cert.X509Certificate;
import javax.net.ssl.*;

public class TlsCases {
    SSLContext insecureContext() throws Exception {
        TrustManager[] trustAll = new TrustManager[] {
            new X509TrustManager() {
                public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
                public void checkClientTrusted(X509Certificate[] chain, String authType) {}
                // ruleid: shiftleft.java.trust-all-certificates
                public void checkServerTrusted(X509Certificate[] chain, String authType) {}
            }
        };
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, trustAll, new java.security.SecureRandom());
        return ctx;
    }

    class PinningTrustManager implements X509TrustManager {
        public X509Certificate[] getAcceptedIssuers() { return delegate.getAcceptedIssuers(); }
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate.checkClientTrusted(chain, authType);
        }
        // ok: shiftleft.java.trust-all-certificates
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate.checkServerTrusted(chain, authType);
            checkPin(chain[0]);
        }
    }

    void apache() throws Exception {
        // ruleid: shiftleft.java.trust-all-certificates
        SSLContext c1 = SSLContexts.custom().loadTrustMaterial(null, (chain, authType) -> true).build();
        // ok: shiftleft.java.trust-all-certificates
        SSLContext c2 = SSLContexts.custom().loadTrustMaterial(truststore, null).build();
        // ruleid: shiftleft.java.hostname-verification-disabled
        SSLConnectionSocketFactory f = new SSLConnectionSocketFactory(c2, NoopHostnameVerifier.INSTANCE);
        // ok: shiftleft.java.hostname-verification-disabled
        SSLConnectionSocketFactory f2 = new SSLConnectionSocketFactory(c2, new DefaultHostnameVerifier());
    }

    void verifiers(HttpsURLConnection conn) {
        // ruleid: shiftleft.java.hostname-verification-disabled
        HttpsURLConnection.setDefaultHostnameVerifier((host, session) -> true);
        conn.setHostnameVerifier(new HostnameVerifier() {
            // ruleid: shiftleft.java.hostname-verification-disabled
            public boolean verify(String hostname, SSLSession session) { return true; }
        });
        // ok: shiftleft.java.hostname-verification-disabled
        conn.setHostnameVerifier((host, session) -> host.equals("api.example.com")
            && HttpsURLConnection.getDefaultHostnameVerifier().verify(host, session));
    }

    void protocols(SSLSocket socket) throws Exception {
        // ruleid: shiftleft.java.weak-tls-protocol
        SSLContext old = SSLContext.getInstance("TLSv1");
        // ok: shiftleft.java.weak-tls-protocol
        SSLContext modern = SSLContext.getInstance("TLSv1.3");
        // ok: shiftleft.java.weak-tls-protocol
        SSLContext negotiated = SSLContext.getInstance("TLS");
        // ruleid: shiftleft.java.weak-tls-protocol
        socket.setEnabledProtocols(new String[] {"TLSv1.2", "TLSv1.1"});
        // ok: shiftleft.java.weak-tls-protocol
        socket.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
    }
}
