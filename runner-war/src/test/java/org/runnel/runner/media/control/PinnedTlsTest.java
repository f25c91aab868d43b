package org.runnel.runner.media.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.runnel.runner.tasks.entity.Cancellation;
import org.runnel.runner.tasks.entity.TaskFailure;
import org.runnel.runner.testing.Media;
import org.runnel.shared.net.UrlPolicy;
import org.runnel.shared.net.UrlPolicy.Scope;

/**
 * HTTPS over a connection pinned to the checked address still verifies the certificate against the
 * host name of the URL: an HTTPS server on loopback with a certificate for {@code media.example}
 * (made with keytool) serves {@code media.example} and is refused as {@code other.example}, though
 * both names resolve to it.
 */
class PinnedTlsTest {

  private static final byte[] MEDIA = "bytes over tls".getBytes(StandardCharsets.UTF_8);
  @TempDir static Path keys;
  static HttpsServer server;
  static ExecutorService threads = Executors.newCachedThreadPool();
  static SSLContext context;

  @TempDir Path dir;

  @BeforeAll
  static void start() throws Exception {
    Path store = keys.resolve("tls.p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-keystore",
                store.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                "changeit",
                "-keypass",
                "changeit",
                "-alias",
                "media",
                "-keyalg",
                "EC",
                "-dname",
                "CN=media.example",
                "-ext",
                "san=dns:media.example",
                "-validity",
                "2")
            .redirectErrorStream(true)
            .start();
    keytool.getInputStream().readAllBytes();
    assertTrue(keytool.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, keytool.exitValue());
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      ks.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, "changeit".toCharArray());
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(context));
    server.setExecutor(threads);
    server.createContext(
        "/v.mp4",
        ex -> {
          ex.getResponseHeaders().set("Content-Type", "video/mp4");
          ex.sendResponseHeaders(200, MEDIA.length);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(MEDIA);
          }
        });
    server.start();
  }

  @AfterAll
  static void stop() {
    server.stop(0);
    threads.shutdownNow();
  }

  private static InetAddress[] resolve(String host) throws UnknownHostException {
    if (host.endsWith(".example")) {
      return new InetAddress[] {InetAddress.getByName("127.0.0.1")};
    }
    throw new UnknownHostException(host);
  }

  private SourceDownloader downloader() {
    UrlPolicy policy =
        new UrlPolicy(Scope.of(false, List.of(".example")), Scope.PUBLIC, PinnedTlsTest::resolve);
    return new SourceDownloader(
        policy, 5, 1000, Duration.ofSeconds(20), Media.SCHEDULER, context.getSocketFactory());
  }

  private String url(String host) {
    return "https://" + host + ":" + server.getAddress().getPort() + "/v.mp4";
  }

  @Test
  void theCertificateIsCheckedAgainstTheUrlsHostName() throws Exception {
    Path file = downloader().download(url("media.example"), dir, new Cancellation());
    assertArrayEquals(MEDIA, Files.readAllBytes(file));
    TaskFailure e =
        assertThrows(
            TaskFailure.class,
            () -> downloader().download(url("other.example"), dir, new Cancellation()));
    assertEquals(
        "Could not download the source: the secure connection to other.example could not be"
            + " verified",
        e.getMessage());
  }
}
