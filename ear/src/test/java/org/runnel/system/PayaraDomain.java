package org.runnel.system;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One Payara Server domain for a test, in {@code target/payara-domains}: created with {@code
 * asadmin create-domain --portbase}, every listener bound to 127.0.0.1 and Hazelcast, phone home
 * and the JMS broker switched off in {@code domain.xml} <em>before</em> its first start (so that no
 * port is ever open beyond loopback and no restart is needed), started, driven with {@code asadmin}
 * and stopped by {@link #close()}: {@code asadmin stop-domain}, then the JVM's PID if it is still
 * there.
 */
final class PayaraDomain implements AutoCloseable {

  static final String NAME = "runnel";

  /** Offsets from the port base that create-domain uses (admin 48, HTTP 80, HTTPS 81, ...). */
  private static final int[] OFFSETS = {9, 37, 38, 39, 48, 49, 59, 66, 76, 80, 81, 86};

  private final Path server;
  private final Path domains;
  private final Path passwordFile;
  final int portBase;
  private boolean started;

  PayaraDomain(Path server, Path domains) throws IOException {
    this.server = server;
    this.domains = domains;
    deleteTree(domains);
    Files.createDirectories(domains);
    passwordFile = domains.resolve("admin-password.txt");
    Files.writeString(passwordFile, "AS_ADMIN_PASSWORD=\n");
    portBase = freePortBase();
  }

  int httpPort() {
    return portBase + 80;
  }

  int adminPort() {
    return portBase + 48;
  }

  /** Creates the domain, closes it to everything but loopback, and starts it. */
  void createAndStart() throws IOException, InterruptedException {
    asadmin(
        Duration.ofSeconds(180),
        "create-domain",
        "--nopassword",
        "--checkports=true",
        "--portbase",
        String.valueOf(portBase),
        "--domaindir",
        domains.toString(),
        NAME);
    loopbackOnly(domains.resolve(NAME).resolve("config/domain.xml"));
    started = true;
    asadmin(Duration.ofSeconds(300), "start-domain", "--domaindir", domains.toString(), NAME);
  }

  /**
   * Binds the HTTP, admin, IIOP and JMX listeners of {@code server-config} to 127.0.0.1 and turns
   * Hazelcast, phone home and the embedded JMS broker (none of which Runnel uses) off, by editing
   * the fresh domain.xml. Each edit must hit, so that a Payara release that writes domain.xml
   * otherwise fails here loudly.
   */
  static void loopbackOnly(Path domainXml) throws IOException {
    String xml = Files.readString(domainXml, StandardCharsets.UTF_8);
    int from = xml.indexOf("<config name=\"server-config\"");
    int to = xml.indexOf("</config>", from);
    if (from < 0 || to < 0) {
      throw new AssertionError("domain.xml has no server-config: has Payara's template changed?");
    }
    String config = xml.substring(from, to);
    config = edit(config, "address=\"0.0.0.0\"", "address=\"127.0.0.1\""); // IIOP, JMX
    config =
        edit(config, "<network-listener port=", "<network-listener address=\"127.0.0.1\" port=");
    String hazelcast = "<hazelcast-config-specific-configuration>";
    config =
        edit(
            config,
            hazelcast.replace(">", "></hazelcast-config-specific-configuration>"),
            "<hazelcast-config-specific-configuration enabled=\"false\">"
                + "</hazelcast-config-specific-configuration>"
                + "<phone-home-runtime-configuration enabled=\"false\">"
                + "</phone-home-runtime-configuration>"
                + "<jms-service type=\"DISABLED\" default-jms-host=\"default_JMS_host\">"
                + "<jms-host port=\"${JMS_PROVIDER_PORT}\" name=\"default_JMS_host\" host=\"localhost\">"
                + "</jms-host></jms-service>");
    Files.writeString(
        domainXml, xml.substring(0, from) + config + xml.substring(to), StandardCharsets.UTF_8);
  }

  private static String edit(String xml, String from, String to) {
    if (!xml.contains(from)) {
      throw new AssertionError("domain.xml has no " + from + ": has Payara's template changed?");
    }
    return xml.replace(from, to);
  }

  /** Runs {@code asadmin --port <admin port> <command...>} against this domain. */
  String admin(Duration limit, String... command) throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of("--port", String.valueOf(adminPort())));
    args.addAll(List.of(command));
    return asadmin(limit, args.toArray(String[]::new));
  }

  private String asadmin(Duration limit, String... args) throws IOException, InterruptedException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                server.resolve("bin/asadmin").toString(),
                "--interactive=false",
                "--user",
                "admin",
                "--passwordfile",
                passwordFile.toString()));
    cmd.addAll(List.of(args));
    File out = File.createTempFile("asadmin", ".out");
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out);
      pb.environment().put("AS_JAVA", System.getProperty("java.home"));
      Process p = pb.start();
      if (!p.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        throw new AssertionError("asadmin " + String.join(" ", args) + " took over " + limit);
      }
      String text = Files.readString(out.toPath());
      if (p.exitValue() != 0) {
        throw new AssertionError(
            "asadmin " + String.join(" ", args) + " failed: " + text + "\n" + logTail());
      }
      return text;
    } finally {
      Files.deleteIfExists(out.toPath());
    }
  }

  /** The end of the domain's server.log, for failure messages. */
  String logTail() {
    Path log = domains.resolve(NAME).resolve("logs/server.log");
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
      return "server.log:\n"
          + String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (IOException e) {
      return "(no server.log: " + e.getMessage() + ")";
    }
  }

  /** Stops the domain with asadmin; kills its JVM by PID if it is still alive afterwards. */
  @Override
  public void close() throws IOException, InterruptedException {
    if (!started) {
      return;
    }
    Path pidFile = domains.resolve(NAME).resolve("config/pid");
    Long pid =
        Files.isRegularFile(pidFile) ? Long.valueOf(Files.readString(pidFile).strip()) : null;
    try {
      asadmin(Duration.ofSeconds(120), "stop-domain", "--domaindir", domains.toString(), NAME);
    } catch (AssertionError e) {
      System.err.println("stop-domain failed, killing the domain's JVM: " + e.getMessage());
    } finally {
      if (pid != null) {
        ProcessHandle.of(pid)
            .ifPresent(
                h -> {
                  h.destroyForcibly();
                  h.onExit().orTimeout(30, TimeUnit.SECONDS).join();
                });
      }
    }
  }

  /** A port base (a multiple of 100) whose offsets are all free on loopback. */
  private static int freePortBase() throws IOException {
    for (int i = 0; i < 50; i++) {
      int base = 100 * ThreadLocalRandom.current().nextInt(200, 600);
      if (allFree(base)) {
        return base;
      }
    }
    throw new AssertionError("no free port base found between 20000 and 60000");
  }

  private static boolean allFree(int base) {
    for (int offset : OFFSETS) {
      try (ServerSocket s = new ServerSocket()) {
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), base + offset));
      } catch (IOException e) {
        return false;
      }
    }
    return true;
  }

  static void deleteTree(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
