package org.runnel.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.runnel.shared.json.Json;

/**
 * The hostile-input suite: a few thousand generated requests over every endpoint of a real
 * manager.war (client API, runner API, admin API, {@code /api}, health), sent over raw sockets so
 * that any byte can be put on the wire. Categories: malformed, deep, huge and trailing JSON; wrong
 * JSON types; bad encodings and charsets; oversized and lying bodies; broken chunking; doubled and
 * contradictory framing headers; media types; methods; tokens; traversal in every encoding (result
 * paths, ids); SSRF URL forms (their own test). For each it asserts no 5xx, a JSON {@code detail}
 * on every refusal, nothing accepted that must be refused (and everything Pod sends accepted), no
 * SEVERE line in the server log, and the store intact afterwards; the figures are printed (see
 * {@code docs/reliability.md}).
 *
 * <p>Runs with private URLs refused ({@code allow-private-urls=false}) and no runner registered, so
 * that nothing leaves 127.0.0.1: accepted tasks stay pending, and result paths are judged by the
 * manager (400 for a bad path, 425 for a good one on a pending task: never the runner).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputIT {

  static final String CLIENT = "hostile-client-token";
  static final String RUNNER = "hostile-runner-token";
  static final String ADMIN = "hostile-admin-token";
  static final int MAX_BODY = 1 << 20;

  /** A public (never contacted: no runner is online) numeric source, so no DNS is involved. */
  static final String SOURCE = "https://93.184.215.14/media/lecture.mp4";

  @ArquillianResource URL base;

  @Deployment(testable = false)
  static WebArchive deployment() {
    return TestWar.withConfig(
        "hostile",
        "runnel.manager.client-tokens=" + CLIENT,
        "runnel.manager.runner-tokens=" + RUNNER,
        "runnel.manager.admin-tokens=" + ADMIN,
        "runnel.manager.allow-private-urls=false",
        "runnel.manager.max-body-bytes=" + MAX_BODY,
        "runnel.manager.queue-max=100000",
        "runnel.manager.dispatch-sweep-seconds=3600");
  }

  /** One answer read off the socket; status -1 when the server closed without answering. */
  record Answer(int status, Map<String, String> headers, String body) {
    boolean jsonDetail() {
      try {
        Object v = Json.jsonb().fromJson(body, Map.class).get("detail");
        return v != null && !String.valueOf(v).isBlank();
      } catch (RuntimeException e) {
        return false;
      }
    }
  }

  /** What a request is expected to get. */
  enum Expect {
    /** A 4xx with a JSON detail. */
    REFUSED,
    /** A 2xx (what Pod or a runner really sends). */
    ACCEPTED,
    /** Anything but a 5xx; a 4xx must carry a JSON detail. */
    ANY
  }

  static final AtomicInteger SENT = new AtomicInteger();
  static final List<String> SERVER_ERRORS = new ArrayList<>();
  static final List<String> WRONGLY_ACCEPTED = new ArrayList<>();
  static final List<String> WRONGLY_REFUSED = new ArrayList<>();
  static final List<String> NO_DETAIL = new ArrayList<>();
  static final List<String> NO_ANSWER = new ArrayList<>();
  static final List<String> WRONG_RESULT_PATHS = new ArrayList<>();

  /**
   * 4xx answered with an empty body: Grizzly refuses these before any code of the WAR runs (bad
   * framing, a body on GET or DELETE, oversized headers, TRACE, an encoded backslash or NUL).
   */
  static final List<String> HTTP_LAYER = new ArrayList<>();

  static final List<String> WRONG_STATUS = new ArrayList<>();
  static final Set<String> ACCEPTED_TASKS = new LinkedHashSet<>();
  static final Map<String, Integer> PER_CATEGORY = new LinkedHashMap<>();
  static String knownTask;

  private int port() {
    return base.getPort();
  }

  // ---------------------------------------------------------------- wire

  /** Sends raw bytes, half-closes when asked, and reads one response. */
  Answer raw(byte[] request, boolean halfClose) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port())) {
      s.setSoTimeout(20_000);
      OutputStream out = s.getOutputStream();
      try {
        out.write(request);
        out.flush();
        if (halfClose) {
          s.shutdownOutput();
        }
      } catch (IOException e) {
        // the server may refuse and close before reading everything: read its answer anyway
      }
      return read(s.getInputStream());
    }
  }

  private static Answer read(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int state = 0;
    try {
      while (state < 4) {
        int b = in.read();
        if (b < 0) {
          break;
        }
        head.write(b);
        state =
            (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3))
                ? state + 1
                : (b == '\r' ? 1 : 0);
      }
    } catch (SocketTimeoutException | java.net.SocketException e) {
      // nothing (more) came
    }
    String text = head.toString(StandardCharsets.ISO_8859_1);
    if (!text.startsWith("HTTP/")) {
      return new Answer(-1, Map.of(), text);
    }
    String[] lines = text.split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(
            lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).strip());
      }
    }
    byte[] body;
    try {
      if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
        body = chunked(in);
      } else if (headers.containsKey("content-length")) {
        body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
      } else {
        body = in.readAllBytes();
      }
    } catch (SocketTimeoutException | java.net.SocketException e) {
      body = new byte[0];
    }
    return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
  }

  private static byte[] chunked(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (true) {
      StringBuilder line = new StringBuilder();
      int b;
      while ((b = in.read()) >= 0 && b != '\n') {
        if (b != '\r') {
          line.append((char) b);
        }
      }
      int size = Integer.parseInt(line.toString().split(";")[0].strip(), 16);
      if (size == 0) {
        return out.toByteArray();
      }
      out.write(in.readNBytes(size));
      in.readNBytes(2);
    }
  }

  /** A well-framed request: given headers, then Content-Length (unless a header sets framing). */
  static byte[] request(String method, String target, byte[] body, String... headers) {
    StringBuilder sb = new StringBuilder();
    sb.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    sb.append("Host: 127.0.0.1\r\nConnection: close\r\n");
    boolean framed = false;
    for (int i = 0; i + 1 < headers.length; i += 2) {
      sb.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
      framed |=
          headers[i].equalsIgnoreCase("Content-Length")
              || headers[i].equalsIgnoreCase("Transfer-Encoding");
    }
    if (body != null && !framed) {
      sb.append("Content-Length: ").append(body.length).append("\r\n");
    }
    sb.append("\r\n");
    byte[] h = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    if (body == null) {
      return h;
    }
    byte[] all = new byte[h.length + body.length];
    System.arraycopy(h, 0, all, 0, h.length);
    System.arraycopy(body, 0, all, h.length, body.length);
    return all;
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Sends, judges and counts one request. */
  Answer check(String category, String label, Expect expect, byte[] request, boolean halfClose)
      throws IOException {
    SENT.incrementAndGet();
    PER_CATEGORY.merge(category, 1, Integer::sum);
    Answer a = raw(request, halfClose);
    String what = category + " / " + label + " -> " + a.status() + " " + abbreviate(a.body());
    boolean head = new String(request, 0, 5, StandardCharsets.ISO_8859_1).startsWith("HEAD");
    if (a.status() < 0) {
      NO_ANSWER.add(what);
    } else if (a.status() >= 500) {
      SERVER_ERRORS.add(what);
    } else if (a.status() >= 400 && !head && !a.jsonDetail()) {
      (a.body().isEmpty() ? HTTP_LAYER : NO_DETAIL).add(what);
    }
    if (expect == Expect.REFUSED && a.status() >= 200 && a.status() < 400) {
      WRONGLY_ACCEPTED.add(what);
    }
    if (expect == Expect.ACCEPTED && (a.status() < 200 || a.status() >= 300)) {
      WRONGLY_REFUSED.add(what);
    }
    return a;
  }

  Answer send(
      String category,
      String label,
      Expect expect,
      String method,
      String target,
      byte[] body,
      String... headers)
      throws IOException {
    return check(category, label, expect, request(method, target, body, headers), false);
  }

  private static void expectStatus(Answer a, String what, int... statuses) {
    if (java.util.Arrays.stream(statuses).noneMatch(st -> st == a.status())) {
      WRONG_STATUS.add(what + " -> " + a.status() + " " + abbreviate(a.body()));
    }
  }

  private static void expectNamed(Answer a, String field) {
    if (!a.body().contains("\"" + field + "\"")) {
      WRONG_STATUS.add(field + " not named: " + abbreviate(a.body()));
    }
  }

  private static String abbreviate(String s) {
    String one = s.replaceAll("\\s+", " ");
    return one.length() <= 160 ? one : one.substring(0, 160) + "...";
  }

  // ---------------------------------------------------------------- bodies and endpoints

  static String executeBody(Map<String, Object> overrides) {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("etab_name", "Université de Test");
    b.put("app_name", "pod");
    b.put("app_version", "4.2");
    b.put("task_type", "encoding");
    b.put("source_url", SOURCE);
    b.put("notify_url", "");
    b.put("affiliation", "faculty");
    b.put(
        "parameters",
        Map.of(
            "rendition",
            "{\"360\":{\"resolution\":\"640x360\",\"video_bitrate\":\"750k\",\"encode_mp4\":true}}",
            "cut",
            "{\"start\":\"00:00:01\",\"end\":\"00:00:09\",\"initial_duration\":\"00:00:10\"}",
            "dressing",
            "{}",
            "video_id",
            "42",
            "video_title",
            "Cours d'été 🎓"));
    b.putAll(overrides);
    return Json.write(b);
  }

  /** A POST endpoint that reads a JSON body, with the headers a legitimate caller sends. */
  record BodyEndpoint(String target, String valid, String[] headers) {}

  List<BodyEndpoint> bodyEndpoints() {
    String[] client = {"Authorization", "Bearer " + CLIENT};
    String[] runner = {"Authorization", "Bearer " + RUNNER, "X-Runner-Version", "1.7.1"};
    return List.of(
        new BodyEndpoint("/task/execute", executeBody(Map.of()), client),
        new BodyEndpoint(
            "/runner/register",
            "{\"id\":\"r1\",\"url\":\"http://127.0.0.1:1\",\"task_types\":[\"encoding\"],"
                + "\"availability\":\"available\"}",
            runner),
        new BodyEndpoint(
            "/runner/heartbeat/r1",
            "{\"availability\":\"available\",\"running_tasks\":[]}",
            runner),
        new BodyEndpoint(
            "/task/completion",
            "{\"task_id\":\"no-such-task\",\"status\":\"completed\",\"error_message\":null,"
                + "\"script_output\":\"ok\"}",
            runner),
        new BodyEndpoint(
            "/task/progress",
            "{\"task_id\":\"no-such-task\",\"run_id\":\"x\",\"progress\":50,\"eta_seconds\":3,"
                + "\"log_tail\":\"frame=1\"}",
            runner));
  }

  static String[] concat(String[] a, String... b) {
    String[] all = new String[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  static String[] json(String[] auth) {
    return concat(auth, "Content-Type", "application/json");
  }

  /** Bodies that are never acceptable, whatever the endpoint. */
  static Map<String, byte[]> malformedBodies(String valid) {
    Map<String, byte[]> m = new LinkedHashMap<>();
    String[] texts = {
      "{",
      "}",
      "[",
      "]",
      "{\"a\":}",
      "{\"a\" 1}",
      "{'a':1}",
      "nul",
      "tru",
      "NaN",
      "{\"a\":01}",
      "{\"a\":1,}",
      "[1,]",
      "{,}",
      "{\"a\":\"\\x\"}",
      "{\"a\":\"\\u12\"}",
      "{\"a\":\"unterminated",
      "\"just a string\"",
      "123",
      "true",
      "null",
      "[]",
      "[{}]",
      " ",
      "\r\n",
      "{}{}",
      "/* c */ {}",
      "{\"a\":1} // c",
      "{\"a\":Infinity}",
      "{\"a\":-}",
      "{\"a\":1e}",
      "{\"a\":.5}",
      "{\"a\":+1}",
      "{\"a\":0x10}",
      "{\"a\":\"\\ud800\"}",
      "{\"a\":\"\\udfff\"}",
      "{\"a\":\"\u0001\"}",
      "{\"a\":\"tab\there\"}",
      "{\"a\":1,\"a\":2}",
      "{\"a\":" + "1".repeat(200) + "}",
      "{\"a\":1e999999999999}",
    };
    for (String t : texts) {
      m.put("malformed " + t, utf8(t));
    }
    m.put("trailing garbage", utf8(valid + " garbage"));
    m.put("trailing object", utf8(valid + "{}"));
    m.put("trailing NUL", utf8(valid + "\u0000"));
    m.put("trailing second copy", utf8(valid + valid));
    m.put("leading BOM", utf8("\ufeff" + valid));
    m.put("truncated", utf8(valid.substring(0, valid.length() - 1)));
    m.put("duplicated first key", utf8(valid.replaceFirst("\\{", "{\"x\":1,\"x\":2,")));
    for (int depth : new int[] {65, 1_000, 10_000, 100_000}) {
      m.put(
          "parameters nested " + depth,
          utf8(
              valid.replaceFirst(
                  "\\{",
                  "{\"parameters\":" + "{\"a\":".repeat(depth) + "1" + "}".repeat(depth) + ",")));
      m.put("arrays nested " + depth, utf8("[".repeat(depth) + "]".repeat(depth)));
    }
    m.put(
        "object of 20000 members",
        utf8(
            "{"
                + String.join(
                    ",",
                    java.util.stream.IntStream.range(0, 20_000)
                        .mapToObj(i -> "\"k" + i + "\":0")
                        .toList())
                + "}"));
    byte[][] badUtf8 = {
      {(byte) 0xC3, (byte) 0x28},
      {(byte) 0xFF},
      {(byte) 0xC0, (byte) 0xAF},
      {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
      {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
      {(byte) 0xE2, (byte) 0x82},
      {(byte) 0x80},
    };
    for (byte[] bad : badUtf8) {
      byte[] v = utf8(valid);
      int at = valid.indexOf("\":\"") + 3;
      byte[] mixed = new byte[v.length + bad.length];
      System.arraycopy(v, 0, mixed, 0, at);
      System.arraycopy(bad, 0, mixed, at, bad.length);
      System.arraycopy(v, at, mixed, at + bad.length, v.length - at);
      m.put("invalid UTF-8 " + java.util.HexFormat.of().formatHex(bad), mixed);
    }
    m.put("UTF-16 body", valid.getBytes(StandardCharsets.UTF_16));
    m.put("UTF-32-ish NULs", utf8(valid.replace("", "\u0000")));
    return m;
  }

  /** Random mutations that always break JSON: a truncation, a raw control character, a bad byte. */
  static Map<String, byte[]> fuzzBodies(String valid, Random random, int n) {
    Map<String, byte[]> m = new LinkedHashMap<>();
    byte[] v = utf8(valid);
    for (int i = 0; i < n; i++) {
      int kind = random.nextInt(3);
      byte[] out;
      String label;
      if (kind == 0) {
        int cut = 1 + random.nextInt(v.length - 1);
        out = java.util.Arrays.copyOf(v, cut);
        label = "truncated at " + cut;
      } else {
        int at = random.nextInt(v.length + 1);
        byte b;
        if (kind == 1) {
          int[] controls = {0, 1, 2, 7, 8, 11, 12, 14, 27, 31};
          b = (byte) controls[random.nextInt(controls.length)];
          label = "control " + b + " at " + at;
        } else {
          int[] bad = {0x80, 0xBF, 0xC0, 0xC1, 0xF5, 0xFE, 0xFF};
          b = (byte) bad[random.nextInt(bad.length)];
          label = "byte " + (b & 0xff) + " at " + at;
        }
        out = new byte[v.length + 1];
        System.arraycopy(v, 0, out, 0, at);
        out[at] = b;
        System.arraycopy(v, at, out, at + 1, v.length - at);
      }
      m.put("fuzz " + i + " " + label, out);
    }
    return m;
  }

  // ---------------------------------------------------------------- the suite

  @Test
  @Order(1)
  void podsRequestsAreAccepted() throws Exception {
    String[] client = {"Authorization", "Bearer " + CLIENT};
    Answer a =
        send(
            "accepted",
            "Pod's body",
            Expect.ACCEPTED,
            "POST",
            "/task/execute",
            utf8(executeBody(Map.of())),
            json(client));
    knownTask = String.valueOf(Json.jsonb().fromJson(a.body(), Map.class).get("task_id"));
    ACCEPTED_TASKS.add(knownTask);
    Map<String, String[]> variants = new LinkedHashMap<>();
    variants.put(
        "charset=utf-8", concat(client, "Content-Type", "application/json; charset=utf-8"));
    variants.put("charset=UTF-8", concat(client, "Content-Type", "application/json;charset=UTF-8"));
    variants.put("no Content-Type", client);
    variants.put(
        "X-API-Token", new String[] {"X-API-Token", CLIENT, "Content-Type", "application/json"});
    int i = 0;
    for (Map.Entry<String, String[]> v : variants.entrySet()) {
      Answer r =
          send(
              "accepted",
              v.getKey(),
              Expect.ACCEPTED,
              "POST",
              "/task/execute",
              utf8(executeBody(Map.of("parameters", Map.of("video_id", "v" + i++)))),
              v.getValue());
      ACCEPTED_TASKS.add(String.valueOf(Json.jsonb().fromJson(r.body(), Map.class).get("task_id")));
    }
    Map<String, Object> edge = new LinkedHashMap<>();
    edge.put("app_version", null);
    edge.put("affiliation", null);
    edge.put("etab_name", "É".repeat(256));
    edge.put("source_url", SOURCE + "?sig=" + "a".repeat(4000));
    edge.put("parameters", Map.of("rendition", "{}", "video_id", "edge"));
    Answer r =
        send(
            "accepted",
            "nulls and long but allowed fields",
            Expect.ACCEPTED,
            "POST",
            "/task/execute",
            utf8(executeBody(edge)),
            json(client));
    ACCEPTED_TASKS.add(String.valueOf(Json.jsonb().fromJson(r.body(), Map.class).get("task_id")));
    assertEquals(List.of(), WRONGLY_REFUSED, "Pod's requests must be accepted");
  }

  @Test
  @Order(2)
  void hostileRequestsGetA4xxWithDetailAndNo5xx() throws Exception {
    PrintStream original = System.out;
    ServerLog log = new ServerLog(original);
    System.setOut(log);
    try {
      bodies();
      wrongTypesAndLimits();
      mediaTypesAndCharsets();
      framing();
      methodsAndTokens();
      traversal();
      Answer marker =
          send(
              "accepted",
              "marker for the log capture",
              Expect.ACCEPTED,
              "POST",
              "/task/execute",
              utf8(executeBody(Map.of("parameters", Map.of("video_id", "marker")))),
              json(new String[] {"Authorization", "Bearer " + CLIENT}));
      ACCEPTED_TASKS.add(
          String.valueOf(Json.jsonb().fromJson(marker.body(), Map.class).get("task_id")));
      for (int i = 0; i < 50 && !log.saw("Accepted task"); i++) {
        Thread.sleep(100);
      }
    } finally {
      System.setOut(original);
    }
    long rss = managerRssKb();
    System.out.printf(
        "HOSTILE INPUT SUITE: %d requests sent, %d x 5xx, %d wrongly accepted, %d wrongly refused,"
            + " %d refusals without JSON detail, %d refused by Grizzly with an empty body,"
            + " %d without answer, %d SEVERE log lines,"
            + " %d server log lines seen, manager RSS %s%n",
        SENT.get(),
        SERVER_ERRORS.size(),
        WRONGLY_ACCEPTED.size(),
        WRONGLY_REFUSED.size(),
        NO_DETAIL.size(),
        HTTP_LAYER.size(),
        NO_ANSWER.size(),
        log.severe.size(),
        log.lines.get(),
        rss < 0 ? "unknown" : (rss / 1024) + " MB");
    System.out.println("HOSTILE INPUT SUITE per category: " + PER_CATEGORY);
    NO_ANSWER.forEach(s -> System.out.println("NO ANSWER (counted, not a failure): " + s));
    HTTP_LAYER.forEach(s -> System.out.println("GRIZZLY 4xx (counted, not a failure): " + s));
    for (Map.Entry<String, List<String>> l :
        Map.of(
                "5XX", SERVER_ERRORS,
                "WRONGLY ACCEPTED", WRONGLY_ACCEPTED,
                "WRONGLY REFUSED", WRONGLY_REFUSED,
                "NO DETAIL", NO_DETAIL,
                "WRONG RESULT PATH", WRONG_RESULT_PATHS,
                "WRONG STATUS", WRONG_STATUS,
                "SEVERE", log.severe)
            .entrySet()) {
      l.getValue().forEach(s -> System.out.println("HOSTILE " + l.getKey() + ": " + s));
    }
    storeIsIntact();
    assertEquals(List.of(), SERVER_ERRORS, "5xx answers");
    assertEquals(List.of(), WRONGLY_ACCEPTED, "accepted but should have been refused");
    assertEquals(List.of(), WRONGLY_REFUSED, "refused but legitimate");
    assertEquals(List.of(), NO_DETAIL, "refusals without a JSON detail");
    assertEquals(List.of(), WRONG_RESULT_PATHS, "result paths not refused by the manager itself");
    assertEquals(List.of(), WRONG_STATUS, "refusals with the wrong status or field");
    assertTrue(SENT.get() >= 2000, "a few thousand requests: " + SENT.get());
    assertTrue(log.saw("Accepted task"), "the server log is captured");
    assertEquals(List.of(), log.severe, "SEVERE lines in the manager's log");
  }

  private void bodies() throws Exception {
    Random random = new Random(20261208L);
    for (BodyEndpoint e : bodyEndpoints()) {
      Map<String, byte[]> all = new LinkedHashMap<>(malformedBodies(e.valid()));
      all.putAll(fuzzBodies(e.valid(), random, 250));
      for (Map.Entry<String, byte[]> b : all.entrySet()) {
        String category = b.getKey().startsWith("fuzz ") ? "fuzz" : "json";
        String label = e.target() + " " + b.getKey();
        send(category, label, Expect.REFUSED, "POST", e.target(), b.getValue(), json(e.headers()));
      }
      byte[] tooLarge = new byte[MAX_BODY + 1];
      java.util.Arrays.fill(tooLarge, (byte) ' ');
      Answer a =
          send(
              "size",
              e.target() + " body over the limit",
              Expect.REFUSED,
              "POST",
              e.target(),
              tooLarge,
              json(e.headers()));
      expectStatus(a, e.target() + " over the limit", 413);
      Answer c =
          send(
              "size",
              e.target() + " chunked body over the limit",
              Expect.REFUSED,
              "POST",
              e.target(),
              chunks(tooLarge, 65536),
              concat(json(e.headers()), "Transfer-Encoding", "chunked"));
      expectStatus(c, e.target() + " chunked over the limit", 413, 400);
      send(
          "size",
          e.target() + " empty body",
          Expect.REFUSED,
          "POST",
          e.target(),
          new byte[0],
          json(e.headers()));
    }
  }

  private void wrongTypesAndLimits() throws Exception {
    String[] client = json(new String[] {"Authorization", "Bearer " + CLIENT});
    Object[] wrong = {
      12, 0, -1.5, true, false, Map.of(), List.of(), List.of("x"), Map.of("a", "b")
    };
    for (String field :
        List.of(
            "etab_name",
            "app_name",
            "app_version",
            "task_type",
            "source_url",
            "notify_url",
            "affiliation")) {
      for (Object w : wrong) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put(field, w);
        Answer a =
            send(
                "types",
                field + "=" + Json.write(w),
                Expect.REFUSED,
                "POST",
                "/task/execute",
                utf8(executeBody(o)),
                client);
        expectStatus(a, field + "=" + Json.write(w), 422);
        expectNamed(a, field);
      }
    }
    for (Object w : new Object[] {"x", 1, true, List.of(), List.of(Map.of())}) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("parameters", w);
      Answer a =
          send(
              "types",
              "parameters=" + Json.write(w),
              Expect.REFUSED,
              "POST",
              "/task/execute",
              utf8(executeBody(o)),
              client);
      expectNamed(a, "parameters");
    }
    String[] runner =
        json(new String[] {"Authorization", "Bearer " + RUNNER, "X-Runner-Version", "1.7.1"});
    Map<String, Object> register =
        Map.of(
            "id",
            "r1",
            "url",
            "http://127.0.0.1:1",
            "task_types",
            List.of("encoding"),
            "availability",
            "available");
    wrongTypes(
        "/runner/register",
        register,
        List.of("id", "url", "availability", "task_types", "capacity"),
        new Object[] {12, true, Map.of(), "x", List.of(1)},
        runner);
    wrongTypes(
        "/task/completion",
        Map.of("task_id", knownTask, "status", "completed"),
        List.of("task_id", "status", "error_message", "script_output", "run_id"),
        new Object[] {12, true, Map.of(), List.of()},
        runner);
    Map<String, Map<String, Object>> limits = new LinkedHashMap<>();
    limits.put("source_url", Map.of("source_url", SOURCE + "?" + "a".repeat(900_000)));
    limits.put("notify_url", Map.of("notify_url", "https://93.184.215.14/cb?" + "a".repeat(9000)));
    limits.put("etab_name", Map.of("etab_name", "x".repeat(150_000)));
    limits.put("app_name", Map.of("app_name", "x".repeat(257)));
    limits.put("app_version", Map.of("app_version", "4." + "2".repeat(300)));
    limits.put("affiliation", Map.of("affiliation", "x".repeat(1000)));
    limits.put("task_type", Map.of("task_type", "encoding".repeat(20)));
    Map<String, Object> many = new LinkedHashMap<>();
    for (int i = 0; i < 60_000; i++) {
      many.put("k" + i, 1);
    }
    limits.put("parameters", Map.of("parameters", many));
    Map<String, Object> sixtyFive = new LinkedHashMap<>();
    for (int i = 0; i < 65; i++) {
      sixtyFive.put("k" + i, "v");
    }
    limits.put("parameters ", Map.of("parameters", sixtyFive));
    limits.put("parameters  ", Map.of("parameters", Map.of("rendition", "x".repeat(70_000))));
    limits.put("etab_name ", Map.of("etab_name", "U\u0000M"));
    limits.put("app_name ", Map.of("app_name", "pod\r\nX-Injected: 1"));
    limits.put("source_url ", Map.of("source_url", SOURCE + "\n"));
    limits.put("parameters   ", Map.of("parameters", Map.of("a\u0001b", "v")));
    for (Map.Entry<String, Map<String, Object>> l : limits.entrySet()) {
      Answer a =
          send(
              "limits",
              l.getKey().strip(),
              Expect.REFUSED,
              "POST",
              "/task/execute",
              utf8(executeBody(l.getValue())),
              client);
      expectStatus(a, l.getKey().strip(), 422);
      expectNamed(a, l.getKey().strip());
    }
  }

  /** Each field of a valid body replaced by each value (all of the wrong JSON type). */
  private void wrongTypes(
      String target,
      Map<String, Object> valid,
      List<String> fields,
      Object[] values,
      String[] headers)
      throws IOException {
    for (String field : fields) {
      for (Object w : values) {
        Map<String, Object> body = new LinkedHashMap<>(valid);
        body.put(field, w);
        String label = target + " " + field + "=" + Json.write(w);
        send("types", label, Expect.REFUSED, "POST", target, utf8(Json.write(body)), headers);
      }
    }
  }

  private void mediaTypesAndCharsets() throws Exception {
    String[] types = {
      "application/json; charset=nonsense",
      "application/json; charset=\"nonsense\"",
      "application/json; charset=",
      "application/json; charset=utf-16",
      "application/json; charset=iso-8859-1",
      "application/json; charset=x-unknown-42",
      "application/json; charset=../../etc",
      "text/plain",
      "text/plain; charset=utf-8",
      "application/xml",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
      "garbage",
      "/",
      "application/",
      "*/*",
      "application/octet-stream",
      "é/é",
    };
    String[] unsure = {
      "application/json;;;",
      "application/json; charset=utf-8; charset=nonsense",
      "APPLICATION/JSON",
      "application/problem+json"
    };
    for (BodyEndpoint e : bodyEndpoints()) {
      for (String t : concat(types, unsure)) {
        Expect expect = List.of(unsure).contains(t) ? Expect.ANY : Expect.REFUSED;
        String[] headers = concat(e.headers(), "Content-Type", t);
        send("media", e.target() + " " + t, expect, "POST", e.target(), utf8(e.valid()), headers);
      }
      send(
          "media",
          e.target() + " two Content-Types",
          Expect.REFUSED,
          "POST",
          e.target(),
          utf8(e.valid()),
          concat(e.headers(), "Content-Type", "application/json", "Content-Type", "text/plain"));
    }
    for (String target :
        List.of(
            "/",
            "/api/health",
            "/task/list",
            "/admin-api/tasks",
            "/admin/login.xhtml",
            "/health",
            "/no/such/path")) {
      send(
          "media",
          "GET " + target + " charset=nonsense",
          Expect.ANY,
          "GET",
          target,
          utf8("{}"),
          "Authorization",
          "Bearer " + CLIENT,
          "Content-Type",
          "application/json; charset=nonsense");
    }
  }

  private static byte[] chunks(byte[] body, int size) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < body.length; i += size) {
      int n = Math.min(size, body.length - i);
      out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(body, i, n);
      out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  /** One framing case: a body and the headers that frame it (or frame it wrongly). */
  record Framed(String label, Expect expect, byte[] body, boolean halfClose, String... headers) {}

  private void framing() throws Exception {
    for (BodyEndpoint e : bodyEndpoints()) {
      byte[] v = utf8(e.valid());
      String n = String.valueOf(v.length);
      String te = "Transfer-Encoding";
      String cl = "Content-Length";
      Expect no = Expect.REFUSED;
      List<Framed> cases =
          List.of(
              new Framed("Content-Length twice", no, v, false, cl, n, cl, n),
              new Framed("Content-Length twice, different", no, v, false, cl, n, cl, "5"),
              new Framed("Content-Length list", no, v, false, cl, n + ", " + n),
              // Grizzly lets chunked win and drops Content-Length (RFC 9112 6.1) before the WAR
              new Framed(
                  "Content-Length and chunked",
                  Expect.ANY,
                  chunks(v, 16),
                  false,
                  cl,
                  n,
                  te,
                  "chunked"),
              new Framed("Transfer-Encoding gzip", no, v, true, te, "gzip"),
              new Framed(
                  "Transfer-Encoding chunked twice",
                  no,
                  chunks(v, 16),
                  false,
                  te,
                  "chunked",
                  te,
                  "chunked"),
              new Framed(
                  "Transfer-Encoding gzip, chunked", no, chunks(v, 16), false, te, "gzip, chunked"),
              new Framed(
                  "chunk size not hex",
                  no,
                  utf8("zz\r\n" + e.valid() + "\r\n0\r\n\r\n"),
                  true,
                  te,
                  "chunked"),
              new Framed(
                  "chunk size overflow",
                  no,
                  utf8("ffffffffffffffffffff\r\n" + e.valid() + "\r\n0\r\n\r\n"),
                  true,
                  te,
                  "chunked"),
              new Framed(
                  "chunk shorter than its size",
                  no,
                  utf8("ffff\r\n" + e.valid() + "\r\n0\r\n\r\n"),
                  true,
                  te,
                  "chunked"),
              new Framed(
                  "chunked without the last chunk",
                  no,
                  utf8("5\r\n{\"a\":\r\n"),
                  true,
                  te,
                  "chunked"),
              new Framed("negative Content-Length", no, v, true, cl, "-1"),
              new Framed("Content-Length not a number", no, v, true, cl, "12abc"),
              new Framed("Content-Length huge", no, v, true, cl, "99999999999999999999"),
              new Framed("Content-Length 10 GB", no, v, true, cl, String.valueOf(10L << 30)),
              new Framed(
                  "lying Content-Length (body shorter)",
                  no,
                  v,
                  true,
                  cl,
                  String.valueOf(v.length + 100)),
              new Framed(
                  "Content-Length shorter than the body",
                  no,
                  v,
                  false,
                  cl,
                  String.valueOf(v.length / 2)),
              new Framed("chunked, valid", Expect.ANY, chunks(v, 7), false, te, "chunked"));
      for (Framed f : cases) {
        byte[] r = request("POST", e.target(), f.body(), concat(json(e.headers()), f.headers()));
        check("framing", e.target() + " " + f.label(), f.expect(), r, f.halfClose());
      }
    }
    String[] client = {"Authorization", "Bearer " + CLIENT};
    send(
        "headers",
        "100 KB header",
        Expect.REFUSED,
        "GET",
        "/task/list",
        null,
        "X-Big",
        "a".repeat(100_000));
    String[] many = new String[2 * 3000];
    for (int i = 0; i < 3000; i++) {
      many[2 * i] = "X-H" + i;
      many[2 * i + 1] = "v";
    }
    send("headers", "3000 headers", Expect.ANY, "GET", "/api/version", null, many);
    send(
        "headers",
        "100 KB path",
        Expect.REFUSED,
        "GET",
        "/task/status/" + "a".repeat(100_000),
        null,
        client);
    send(
        "headers",
        "Authorization of 20 KB",
        Expect.REFUSED,
        "GET",
        "/task/list",
        null,
        "Authorization",
        "Bearer " + "a".repeat(20_000));
    send(
        "headers",
        "Idempotency-Key of 10 KB",
        Expect.REFUSED,
        "POST",
        "/task/execute",
        utf8(executeBody(Map.of("video_id", "idem"))),
        concat(json(client), "Idempotency-Key", "k".repeat(10_000)));
    for (String version :
        new String[] {
          "",
          "1.7",
          "1.7.1.2",
          "a.b.c",
          "999999999999999999999.1.1",
          "-1.7.1",
          "1.7.1; drop",
          "２.7.1"
        }) {
      send(
          "headers",
          "X-Runner-Version " + version,
          Expect.REFUSED,
          "POST",
          "/runner/register",
          utf8(
              "{\"id\":\"r1\",\"url\":\"http://127.0.0.1:1\",\"task_types\":[\"encoding\"],\"availability\":\"available\"}"),
          "Authorization",
          "Bearer " + RUNNER,
          "X-Runner-Version",
          version,
          "Content-Type",
          "application/json");
    }
    byte[][] lines = {
      utf8("GET /task/list HTTP/1.1\r\nConnection: close\r\n\r\n"),
      utf8("GET /task/list HTTP/1.0\r\n\r\n"),
      utf8(
          "GET http://evil.example/task/list HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"),
      utf8("GET * HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"),
      utf8("GET /task/list\r\n\r\n"),
      utf8("GET  /task/list  HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"),
      utf8("G\u0000T /task/list HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"),
      utf8(
          "GET /task/list HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header Name: x\r\nConnection: close\r\n\r\n"),
      utf8(
          "GET /task/list HTTP/1.1\r\nHost: 127.0.0.1\r\n: empty name\r\nConnection: close\r\n\r\n"),
      utf8(
          "GET /task/list HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Folded: a\r\n b\r\nConnection: close\r\n\r\n"),
      utf8("GET /task/list HTTP/1.1\nHost: 127.0.0.1\nConnection: close\n\n"),
      utf8(
          "GET /task/list HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer é\u0001\r\nConnection: close\r\n\r\n"),
      utf8(
          "GET /task/list HTTP/1.1\r\nHost: evil.example\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"),
      utf8("GET /task/st\u00e9tus/x HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"),
      utf8("\r\n\r\nGET /api/version HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"),
      utf8("GET /api/version?a=%zz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"),
      utf8("GET /api/version?%%% HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"),
      utf8(
          "GET /task/list?a=%zz HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
              + CLIENT
              + "\r\nConnection: close\r\n\r\n"),
      utf8("GET /api/version#frag HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"),
    };
    for (int i = 0; i < lines.length; i++) {
      check(
          "request line",
          "raw " + i + " " + abbreviate(new String(lines[i], StandardCharsets.UTF_8)),
          Expect.ANY,
          lines[i],
          false);
    }
  }

  /** Every route the manager serves, as {method, path template, token}. */
  static final String[][] ROUTES = {
    {"POST", "/task/execute", CLIENT},
    {"GET", "/task/status/ID", CLIENT},
    {"GET", "/task/log/ID", CLIENT},
    {"GET", "/task/list", CLIENT},
    {"GET", "/task/result/ID", CLIENT},
    {"GET", "/task/result/ID/file/a.mp4", CLIENT},
    {"POST", "/task/stop/ID", CLIENT},
    {"GET", "/api/health", CLIENT},
    {"GET", "/manager/health", CLIENT},
    {"GET", "/api/version", CLIENT},
    {"GET", "/api/tasks", CLIENT},
    {"GET", "/api/runners", CLIENT},
    {"GET", "/", CLIENT},
    {"POST", "/runner/register", RUNNER},
    {"POST", "/runner/heartbeat/ID", RUNNER},
    {"POST", "/task/completion", RUNNER},
    {"POST", "/task/progress", RUNNER},
    {"GET", "/admin-api/tasks", ADMIN},
    {"POST", "/admin-api/task/ID/restart", ADMIN},
    {"DELETE", "/admin-api/task/ID", ADMIN},
    {"POST", "/admin-api/task/ID/resend-callback", ADMIN},
    {"GET", "/admin-api/runners", ADMIN},
    {"POST", "/admin-api/runner/ID/drain", ADMIN},
    {"POST", "/admin-api/config/reload", ADMIN},
    {"GET", "/admin-api/statistics.csv", ADMIN},
    {"GET", "/health", ""},
    {"GET", "/health/live", ""},
    {"GET", "/health/ready", ""},
    {"GET", "/metrics", ""},
    {"GET", "/openapi", ""},
  };

  private void methodsAndTokens() throws Exception {
    String[] methods = {
      "GET",
      "POST",
      "PUT",
      "DELETE",
      "PATCH",
      "OPTIONS",
      "HEAD",
      "TRACE",
      "CONNECT",
      "FOO",
      "get",
      "PROPFIND",
      "M".repeat(300)
    };
    for (String[] r : ROUTES) {
      String path = r[1].replace("ID", "no-such-id");
      for (String m : methods) {
        if (m.equals(r[0]) || (r[2].isEmpty() && m.equals("HEAD"))) {
          continue;
        }
        boolean safe = Set.of("OPTIONS", "HEAD").contains(m) || r[2].isEmpty();
        byte[] body = m.equals("GET") || m.equals("HEAD") ? null : utf8("{}");
        send(
            "methods",
            m + " " + path,
            safe ? Expect.ANY : Expect.REFUSED,
            m,
            path,
            body,
            r[2].isEmpty()
                ? new String[0]
                : new String[] {
                  "Authorization", "Bearer " + r[2], "Content-Type", "application/json"
                });
      }
      if (r[2].isEmpty()) {
        continue;
      }
      byte[] body = r[0].equals("GET") || r[0].equals("DELETE") ? null : utf8("{}");
      String[][] auths = {
        {},
        {"Authorization", "Bearer"},
        {"Authorization", "Bearer "},
        {
          "Authorization",
          "Basic "
              + java.util.Base64.getEncoder().encodeToString("a:b".getBytes(StandardCharsets.UTF_8))
        },
        {"Authorization", "Bearer wrong-token"},
        {"Authorization", "bearer  " + r[2] + "x"},
        {"X-API-Token", ""},
        {"X-API-Token", "wrong", "Authorization", "Bearer " + r[2]},
        {"Authorization", "Bearer " + r[2].toUpperCase(Locale.ROOT)},
        {"Authorization", "Bearer " + other(r[1], r[2])},
      };
      boolean open = Set.of("/", "/api/version").contains(r[1]);
      for (String[] a : auths) {
        send(
            "tokens",
            r[0] + " " + path + " " + String.join(" ", a),
            open ? Expect.ANY : Expect.REFUSED,
            r[0],
            path,
            body,
            concat(a, "Content-Type", "application/json"));
      }
    }
  }

  /**
   * A valid token of another kind than the route takes. Health takes client and runner tokens
   * (esup-runner runners check it before registering again), so the other kind there is admin.
   */
  private static String other(String route, String token) {
    if (route.endsWith("/health")) {
      return ADMIN;
    }
    return token.equals(CLIENT) ? RUNNER : token.equals(RUNNER) ? ADMIN : CLIENT;
  }

  /** Traversal and odd ids in every encoding, on every route with a path parameter. */
  static final String[] HOSTILE_SEGMENTS = {
    "%2e%2e",
    "%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
    "..%2f..%2f..%2fetc%2fpasswd",
    "%252e%252e%252f%252e%252e%252fetc",
    "%25252e%25252e",
    "%c0%ae%c0%ae%c0%af",
    "%e0%80%ae",
    "%EF%BC%8E%EF%BC%8E%EF%BC%8F",
    "..%5c..%5cwindows",
    "%5c",
    "~%2F.bashrc",
    "%7e",
    "%00",
    "a%00b",
    "%0a",
    "%0d%0aSet-Cookie:%20x=1",
    "%20",
    "%09",
    "%7f",
    "%ff",
    "%fe%ff",
    "x".repeat(4000),
    "%2f",
    "%2fetc%2fpasswd",
    "C:%5cboot.ini",
    "a;jsessionid=1",
    "a%3bb",
    "a?b=c",
    "%3f",
    "%23",
    "*",
    "%2a",
    "%22%3e%3cscript%3e",
    "%E2%80%AE",
    "%F0%9F%98%80",
    "'%20OR%201=1--",
    "${jndi:ldap://127.0.0.1/a}",
  };

  static final String[][] ID_ROUTES = {
    {"GET", "/task/status/ID", CLIENT},
    {"GET", "/task/log/ID", CLIENT},
    {"GET", "/task/result/ID", CLIENT},
    {"GET", "/task/result/ID/file/a.mp4", CLIENT},
    {"POST", "/task/stop/ID", CLIENT},
    {"POST", "/runner/heartbeat/ID", RUNNER},
    {"POST", "/admin-api/task/ID/restart", ADMIN},
    {"DELETE", "/admin-api/task/ID", ADMIN},
    {"POST", "/admin-api/task/ID/resend-callback", ADMIN},
    {"POST", "/admin-api/runner/ID/drain", ADMIN},
    {"POST", "/admin-api/runner/ID/enable", ADMIN},
  };

  private void traversal() throws Exception {
    for (String[] r : ID_ROUTES) {
      for (String seg : HOSTILE_SEGMENTS) {
        String target = r[1].replace("ID", seg);
        byte[] body =
            r[1].startsWith("/runner/heartbeat") ? utf8("{\"availability\":\"available\"}") : null;
        send(
            "traversal",
            r[0] + " " + abbreviate(target),
            Expect.REFUSED,
            r[0],
            target,
            body,
            "Authorization",
            "Bearer " + r[2],
            "X-Runner-Version",
            "1.7.1",
            "Content-Type",
            "application/json");
      }
    }
    // result file paths of an existing (pending) task: the manager itself says 400, never a 502
    String[] paths = {
      "%2e",
      "%2e%2e",
      "%2e%2e%2fetc%2fpasswd",
      "%252e%252e%252f%252e%252e%252fetc%252fpasswd",
      "%EF%BC%8E%EF%BC%8E%2Fetc",
      "%EF%BC%8E%EF%BC%8E%EF%BC%8Fetc",
      "..%5c..%5cetc",
      "a%5cb",
      "~%2F.bashrc",
      "~/.bashrc",
      "a%00.mp4",
      "a%0a.mp4",
      "a%09.mp4",
      "a%7f.mp4",
      "%2fetc%2fpasswd",
      "a%2f%2fb",
      "x".repeat(4000),
      "x".repeat(256),
      "a%25zz",
      "a%25",
      "%c3%a9.mp4",
      "a%3a.mp4",
      "a*.mp4",
      "a%3fb",
      "a%22b",
      "a%2f",
      "C:%5cx",
      "%F0%9F%98%80.mp4",
    };
    for (String p : paths) {
      Answer a =
          send(
              "result paths",
              abbreviate(p),
              Expect.REFUSED,
              "GET",
              "/task/result/" + knownTask + "/file/" + p,
              null,
              "Authorization",
              "Bearer " + CLIENT);
      boolean refusedByGrizzly = a.status() == 400 && a.body().isEmpty();
      if (!refusedByGrizzly
          && (a.status() != 400 || !a.body().contains("Invalid result file path"))) {
        WRONG_RESULT_PATHS.add(p + " -> " + a.status() + " " + abbreviate(a.body()));
      }
    }
    for (String p :
        new String[] {
          "720p_v.m3u8", "info_video.json", "sub/overview.vtt", "a b.png", "a..b.mp4"
        }) {
      Answer a =
          send(
              "result paths",
              "valid " + p,
              Expect.REFUSED,
              "GET",
              "/task/result/" + knownTask + "/file/" + p.replace(" ", "%20"),
              null,
              "Authorization",
              "Bearer " + CLIENT);
      if (a.status() != 425) {
        WRONG_RESULT_PATHS.add("valid " + p + " -> " + a.status() + " " + abbreviate(a.body()));
      }
    }
  }

  private void storeIsIntact() throws Exception {
    String[] client = {"Authorization", "Bearer " + CLIENT};
    Answer status = raw(request("GET", "/task/status/" + knownTask, null, client), false);
    assertEquals(200, status.status(), status.body());
    Map<?, ?> task = Json.jsonb().fromJson(status.body(), Map.class);
    assertEquals("Université de Test", task.get("etab_name"));
    assertEquals(SOURCE, task.get("source_url"));
    assertEquals("pending", task.get("status"));
    Answer list = raw(request("GET", "/task/list", null, client), false);
    Map<?, ?> all = Json.jsonb().fromJson(list.body(), Map.class);
    assertEquals(ACCEPTED_TASKS, new LinkedHashSet<>(all.keySet()), "tasks in the store");
    for (String id : ACCEPTED_TASKS) {
      assertEquals(
          200, raw(request("GET", "/task/status/" + id, null, client), false).status(), id);
    }
    Answer runners = raw(request("GET", "/api/runners", null, client), false);
    assertEquals(
        "[]",
        String.valueOf(Json.jsonb().fromJson(runners.body(), Map.class).get("runners")),
        "no runner registered");
  }

  /** The Payara Micro JVM Arquillian started (a child of this one): its VmRSS in kB, or -1. */
  static long managerRssKb() {
    return ProcessHandle.current()
        .descendants()
        .filter(p -> p.info().commandLine().map(c -> c.contains("payara-micro")).orElse(false))
        .findFirst()
        .map(
            p -> {
              try {
                for (String line : Files.readAllLines(Path.of("/proc/" + p.pid() + "/status"))) {
                  if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                  }
                }
              } catch (IOException | RuntimeException e) {
                return -1L;
              }
              return -1L;
            })
        .orElse(-1L);
  }

  // ---------------------------------------------------------------- SSRF forms

  /** URL forms naming loopback, private, link-local or non-HTTP targets. */
  static final String[] SSRF_URLS = {
    "http://127.0.0.1/v.mp4",
    "http://localhost/v.mp4",
    "http://LOCALHOST./v.mp4",
    "http://ip6-localhost/v.mp4",
    "http://2130706433/v.mp4",
    "http://0x7f000001/v.mp4",
    "http://017700000001/v.mp4",
    "http://0177.0.0.1/v.mp4",
    "http://0x7f.0.0.1/v.mp4",
    "http://127.1/v.mp4",
    "http://127.000.000.001/v.mp4",
    "http://0/v.mp4",
    "http://0.0.0.0/v.mp4",
    "http://[::1]/v.mp4",
    "http://[0:0:0:0:0:0:0:1]/v.mp4",
    "http://[::ffff:127.0.0.1]/v.mp4",
    "http://[::ffff:7f00:1]/v.mp4",
    "http://[::127.0.0.1]/v.mp4",
    "http://[64:ff9b::7f00:1]/v.mp4",
    "http://[2002:7f00:1::]/v.mp4",
    "http://[::1%25lo]/v.mp4",
    "http://[fe80::1%25eth0]/v.mp4",
    "http://[fd00::1]/v.mp4",
    "http://255.255.255.255/v.mp4",
    "http://169.254.169.254/latest/meta-data",
    "http://10.0.0.1/v.mp4",
    "http://172.16.0.1/v.mp4",
    "http://192.168.1.1/v.mp4",
    "http://100.64.0.1/v.mp4",
    "http://224.0.0.1/v.mp4",
    "http://user:pass@93.184.215.14/v.mp4",
    "http://93.184.215.14@127.0.0.1/v.mp4",
    "http://127.0.0.1#@93.184.215.14/v.mp4",
    "http://127.0.0.1:80\\@93.184.215.14/v.mp4",
    "file:///etc/passwd",
    "file://localhost/etc/passwd",
    "gopher://127.0.0.1:70/_x",
    "ldap://127.0.0.1/a",
    "ftp://127.0.0.1/v.mp4",
    "dict://127.0.0.1:11211/",
    "jar:http://127.0.0.1!/x",
    "netdoc:///etc/passwd",
    "data:video/mp4;base64,AAAA",
    "javascript:alert(1)",
    "//127.0.0.1/v.mp4",
    "http:///v.mp4",
    "http://%31%32%37.0.0.1/v.mp4",
    "http://127.0.0.1:0/v.mp4",
    "http://127.0.0.1:99999/v.mp4",
  };

  private Answer ssrf(String label, String target, String body, String[] headers)
      throws IOException {
    return send("ssrf", label, Expect.REFUSED, "POST", target, utf8(body), headers);
  }

  @Test
  @Order(3)
  void ssrfUrlFormsAreRefusedEverywhere() throws Exception {
    List<String> slipped = new ArrayList<>();
    int before = WRONGLY_ACCEPTED.size();
    String[] client = json(new String[] {"Authorization", "Bearer " + CLIENT});
    String[] runner =
        json(new String[] {"Authorization", "Bearer " + RUNNER, "X-Runner-Version", "1.7.1"});
    int i = 0;
    for (String url : SSRF_URLS) {
      Map<String, Object> source =
          Map.of("source_url", url, "parameters", Map.of("video_id", "s" + i));
      Map<String, Object> notify =
          Map.of("notify_url", url, "parameters", Map.of("video_id", "n" + i));
      Map<String, Object> reg =
          Map.of(
              "id",
              "ssrf-" + i++,
              "url",
              url.replace("/v.mp4", ""),
              "task_types",
              List.of("encoding"),
              "availability",
              "available");
      Answer s = ssrf("source_url " + url, "/task/execute", executeBody(source), client);
      Answer n = ssrf("notify_url " + url, "/task/execute", executeBody(notify), client);
      Answer r = ssrf("runner url " + url, "/runner/register", Json.write(reg), runner);
      for (Map.Entry<String, Answer> e :
          Map.of("source_url", s, "notify_url", n, "runner url", r).entrySet()) {
        if (e.getValue().status() >= 200 && e.getValue().status() < 300) {
          slipped.add(e.getKey() + " " + url);
        }
      }
    }
    System.out.println(
        "SSRF FORMS: "
            + 3 * SSRF_URLS.length
            + " requests, "
            + slipped.size()
            + " accepted: "
            + slipped);
    assertEquals(List.of(), SERVER_ERRORS, "5xx answers");
    assertEquals(List.of(), slipped, "SSRF URL forms accepted");
    assertEquals(before, WRONGLY_ACCEPTED.size());
  }

  /**
   * Request targets that Payara's HTTP layer decodes before any filter of the WAR runs: Catalina's
   * {@code CoyoteAdapter} turns only a {@code CharConversionException} of Grizzly's URI decoder
   * into a 400, so an invalid escape ({@code %zz}) escapes as an {@code IllegalArgumentException}
   * that the container logs at SEVERE before answering on its own, and a final {@code .} or {@code
   * ..} segment now and then makes Grizzly's path normalisation fail ({@code
   * ArrayIndexOutOfBoundsException} in {@code HttpRequestURIDecoder.normalizeBytes}, same outcome).
   * Kept apart from the suite above (which asserts no SEVERE line) so that what the container does
   * is measured and printed; the assertion here is that none of them gets an error status of the
   * server (500-504) or is answered with a task's data.
   */
  @Test
  @Order(4)
  void containerDecodedTargetsAreMeasured() throws Exception {
    String[] targets = {
      "/task/status/.",
      "/task/status/..",
      "/task/log/..",
      "/admin-api/task/..",
      "/task/result/" + knownTask + "/file/.",
      "/task/result/" + knownTask + "/file/..",
      "/task/result/" + knownTask + "/file/../",
      "/task/result/" + knownTask + "/file/a/./b",
      "/task/result/" + knownTask + "/file/a/../b",
      "/task/result/" + knownTask + "/file/sub/",
      "/task/result/" + knownTask + "/file/../../../etc/passwd",
      "/task/status/%zz",
      "/task/status/%",
      "/task/status/%e",
      "/task/status/%%32%65",
      "/task/status/%uff0e%uff0e",
      "/task/result/" + knownTask + "/file/%zz",
      "/task/result/" + knownTask + "/file/%",
      "/admin-api/task/%zz",
      "/%zz",
      "/api/health/%zz",
      "/task/list%",
      "/runner/heartbeat/%G0",
    };
    List<String> outcomes = new ArrayList<>();
    List<String> bad = new ArrayList<>();
    for (String t : targets) {
      Answer a = raw(request("GET", t, null, "Authorization", "Bearer " + CLIENT), false);
      SENT.incrementAndGet();
      String o = t + " -> " + a.status() + " " + abbreviate(a.body());
      outcomes.add(o);
      if ((a.status() >= 500 && a.status() != 505) || a.body().contains(knownTask)) {
        bad.add(o);
      }
    }
    for (String line : new String[] {"GET /task/list HTTP/9.9", "PRI * HTTP/2.0"}) {
      Answer a = raw(utf8(line + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"), false);
      SENT.incrementAndGet();
      outcomes.add(line + " -> " + a.status() + " " + abbreviate(a.body()));
    }
    outcomes.forEach(o -> System.out.println("CONTAINER-DECODED: " + o));
    assertEquals(List.of(), bad);
  }

  /** Tees the server log (Arquillian copies Payara's output to System.out line by line). */
  static final class ServerLog extends PrintStream {
    final List<String> severe = new ArrayList<>();
    final AtomicInteger lines = new AtomicInteger();
    final List<String> all = java.util.Collections.synchronizedList(new ArrayList<>());

    ServerLog(PrintStream out) {
      super(out, true, StandardCharsets.UTF_8);
    }

    @Override
    public void println(String line) {
      lines.incrementAndGet();
      if (line != null && all.size() < 100_000) {
        all.add(line);
      }
      if (line != null && line.contains("SEVERE")) {
        synchronized (severe) {
          severe.add(abbreviate(line));
        }
      }
      super.println(line);
    }

    boolean saw(String text) {
      synchronized (all) {
        return all.stream().anyMatch(l -> l.contains(text));
      }
    }
  }
}
