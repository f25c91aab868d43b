import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The manager benchmark (issue 4): starts a real manager through payara-config/runnel on loopback
 * and measures, each next to a baseline taken in the same run on the same machine:
 *
 * <ol>
 *   <li>durable submissions per second (every reply means the task is fsync'd), N concurrent
 *       clients; baseline: raw durable record writes per second on the same disk, done the way
 *       the store does them (temp file, fsync, rename, fsync of the folder);
 *   <li>dispatch latency from the start of a submission to the moment a runner receives {@code
 *       POST /task/run}, with 50 registered fake runners on loopback (played by this JVM), at a
 *       steady submission rate; again with 10 000 tasks waiting in the queue;
 *   <li>resident memory (RSS) of the manager JVM idle and with 10 000 tasks stored; restart time
 *       with 10 000 tasks versus the first, empty start.
 * </ol>
 *
 * Pure JDK (no JSON library): run with {@code bench/manager/run}. Usage: {@code java
 * ManagerBench.java ROOT WORKDIR [clients] [submits] [runners] [dispatchTasks] [rate/s]}.
 */
public class ManagerBench {

  static final String CLIENT = "bench-client-token";
  static final String RUNNER = "bench-runner-token";
  static final Pattern TASK_ID = Pattern.compile("\"task_id\"\\s*:\\s*\"([^\"]+)\"");
  static final Pattern RUN_ID = Pattern.compile("\"run_id\"\\s*:\\s*\"([^\"]+)\"");
  static final Pattern SOURCE = Pattern.compile("\"source_url\"\\s*:\\s*\"[^\"]*/d/(\\d+)\"");

  final Path root;
  final Path work;
  final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  String manager;
  Process process;
  final List<String> report = new ArrayList<>();

  ManagerBench(Path root, Path work) {
    this.root = root;
    this.work = work;
  }

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]).toAbsolutePath();
    Path work = Path.of(args[1]).toAbsolutePath();
    int clients = args.length > 2 ? Integer.parseInt(args[2]) : 16;
    int submits = args.length > 3 ? Integer.parseInt(args[3]) : 5000;
    int runners = args.length > 4 ? Integer.parseInt(args[4]) : 50;
    int dispatchTasks = args.length > 5 ? Integer.parseInt(args[5]) : 1000;
    int rate = args.length > 6 ? Integer.parseInt(args[6]) : 50;
    ManagerBench bench = new ManagerBench(root, work);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    bench.stopManager();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                }));
    bench.run(clients, submits, runners, dispatchTasks, rate);
  }

  void run(int clients, int submits, int runners, int dispatchTasks, int rate) throws Exception {
    deleteTree(work);
    Files.createDirectories(work);
    System.out.printf(
        "Manager benchmark on %d cores, %s%n",
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));

    double raw1 = rawDurableWrites(work.resolve("raw-1"), 2000, 1);
    double rawN = rawDurableWrites(work.resolve("raw-n"), 2000, clients);
    line("baseline: raw durable record writes/s, 1 thread", "%.0f", raw1);
    line("baseline: raw durable record writes/s, " + clients + " threads", "%.0f", rawN);

    int port = freePort();
    manager = "http://127.0.0.1:" + port;
    double boot = startManager(port, "manager-1.log");
    line("manager start, empty store (s)", "%.1f", boot);
    line("manager RSS idle (MiB)", "%.0f", rssMiB());

    try (FakeRunners fleet = new FakeRunners(runners)) {
      fleet.registerAll();
      awaitOnline(runners);
      double[] lat = fleet.dispatchLatency(dispatchTasks, rate, 0);
      line("dispatch latency p50 (ms), " + runners + " runners, " + rate + " tasks/s", "%.1f", lat[0]);
      line("dispatch latency p99 (ms)", "%.1f", lat[1]);
      line("dispatch latency max (ms)", "%.1f", lat[2]);
      line("submit reply p50 (ms) during that run", "%.1f", lat[3]);

      submit(1, 500, "warmup");
      double one = submit(1, 1000, "serial");
      line("durable submits/s, 1 client", "%.0f", one);
      double many = submit(clients, submits, "load");
      line("durable submits/s, " + clients + " clients", "%.0f", many);
      line("  ratio to raw durable writes (1 thread)", "%.2f", many / raw1);

      int stored = taskCount();
      submit(clients, Math.max(0, 10_000 - stored), "fill");
      stored = taskCount();
      line("tasks stored", "%d", stored);
      line("manager RSS with those tasks (MiB)", "%.0f", rssMiB());
      gc();
      line("  after a full GC (MiB)", "%.0f", rssMiB());
      line("  heap used after GC (MiB)", "%.0f", heapUsedMiB());

      double[] backlog = fleet.dispatchLatency(Math.min(500, dispatchTasks), rate, 1_000_000);
      line("dispatch latency p50 (ms) with " + (stored - dispatchTasks) + " tasks queued", "%.1f", backlog[0]);
      line("dispatch latency p99 (ms) with that backlog", "%.1f", backlog[1]);

      stopManager();
      double reboot = startManager(port, "manager-2.log");
      line("manager restart with " + taskCount() + " tasks (s)", "%.1f", reboot);
      line("  ratio to the empty start", "%.2f", reboot / boot);
    } finally {
      stopManager();
    }
    System.out.println();
    System.out.println("| figure | value |");
    System.out.println("|---|---|");
    report.forEach(System.out::println);
  }

  void line(String what, String format, Object value) {
    String v = String.format(format, value);
    System.out.printf("%-70s %s%n", what, v);
    report.add("| " + what.strip() + " | " + v + " |");
  }

  /** Durable writes of ~900-byte records exactly as JsonFileStore does them. */
  static double rawDurableWrites(Path dir, int n, int threads) throws Exception {
    Files.createDirectories(dir);
    byte[] record = new byte[900];
    Arrays.fill(record, (byte) 'x');
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long t0 = System.nanoTime();
    List<java.util.concurrent.Future<?>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      done.add(
          pool.submit(
              () -> {
                for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                  Path tmp = dir.resolve(".r" + i + ".tmp");
                  try (FileChannel ch =
                      FileChannel.open(
                          tmp,
                          StandardOpenOption.CREATE,
                          StandardOpenOption.TRUNCATE_EXISTING,
                          StandardOpenOption.WRITE)) {
                    ch.write(ByteBuffer.wrap(record));
                    ch.force(true);
                  }
                  Files.move(
                      tmp,
                      dir.resolve("r" + i + ".json"),
                      StandardCopyOption.ATOMIC_MOVE,
                      StandardCopyOption.REPLACE_EXISTING);
                  try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                    d.force(true);
                  }
                }
                return null;
              }));
    }
    for (var f : done) {
      f.get();
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    pool.shutdown();
    return n / seconds;
  }

  double startManager(int port, String log) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(
                "bash",
                root.resolve("payara-config/runnel").toString(),
                "manager",
                "--data",
                work.resolve("data").toString(),
                "--manager-port",
                String.valueOf(port),
                "--client-token",
                CLIENT,
                "--runner-token",
                RUNNER)
            .redirectErrorStream(true)
            .redirectOutput(work.resolve(log).toFile());
    Map<String, String> env = pb.environment();
    env.put("RUNNEL_JAVA_OPTS", "-Xmx1g");
    env.put("RUNNEL_MANAGER_QUEUE_MAX", "1000000");
    env.put("RUNNEL_MANAGER_QUEUE_MAX_WAIT_SECONDS", "0");
    env.put("RUNNEL_MANAGER_HEARTBEAT_TIMEOUT_SECONDS", "60");
    long t0 = System.nanoTime();
    process = pb.start();
    for (int i = 0; i < 600; i++) {
      if (!process.isAlive()) {
        throw new IllegalStateException("manager exited; see " + work.resolve(log));
      }
      try {
        if (get("/api/version").statusCode() == 200) {
          return (System.nanoTime() - t0) / 1e9;
        }
      } catch (IOException e) {
        // not up yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("manager did not start");
  }

  void stopManager() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }

  double rssMiB() throws IOException {
    for (String l : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
      if (l.startsWith("VmRSS:")) {
        return Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024.0;
      }
    }
    return -1;
  }

  void gc() throws Exception {
    new ProcessBuilder("jcmd", String.valueOf(process.pid()), "GC.run")
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start()
        .waitFor(60, TimeUnit.SECONDS);
    Thread.sleep(500);
  }

  double heapUsedMiB() throws Exception {
    Process p =
        new ProcessBuilder("jcmd", String.valueOf(process.pid()), "GC.heap_info")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    Matcher m = Pattern.compile("used (\\d+)K").matcher(out);
    return m.find() ? Long.parseLong(m.group(1)) / 1024.0 : -1;
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(manager + path))
            .header("Authorization", "Bearer " + CLIENT)
            .timeout(Duration.ofSeconds(30))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String path, String token, String body, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(manager + path))
            .timeout(Duration.ofSeconds(60))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String task(String type, String source) {
    return "{\"etab_name\":\"Bench U\",\"app_name\":\"pod\",\"app_version\":\"4.2\",\"task_type\":\""
        + type
        + "\",\"source_url\":\""
        + source
        + "\",\"notify_url\":\"\",\"parameters\":{\"video_id\":\"1\"}}";
  }

  /** Submits {@code n} distinct transcription tasks (no runner serves them) from {@code clients}. */
  double submit(int clients, int n, String tag) throws Exception {
    if (n <= 0) {
      return 0;
    }
    AtomicInteger next = new AtomicInteger();
    AtomicInteger failures = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    long t0 = System.nanoTime();
    List<java.util.concurrent.Future<?>> done = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      done.add(
          pool.submit(
              () -> {
                for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                  String source = "http://127.0.0.1:9/" + tag + "/" + System.nanoTime() + "-" + i;
                  if (post("/task/execute", CLIENT, task("transcription", source)).statusCode()
                      != 200) {
                    failures.incrementAndGet();
                  }
                }
                return null;
              }));
    }
    for (var f : done) {
      f.get();
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    pool.shutdown();
    if (failures.get() > 0) {
      throw new IllegalStateException(failures.get() + " submissions refused");
    }
    return n / seconds;
  }

  int taskCount() throws Exception {
    String body = get("/api/tasks").body();
    return body.split("\"id\"").length - 1;
  }

  void awaitOnline(int runners) throws Exception {
    for (int i = 0; i < 300; i++) {
      if (get("/api/runners").body().split("\"online\"").length - 1 >= runners) {
        return;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("runners did not come online");
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (var files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  static double percentile(long[] sortedNanos, double p) {
    int i = (int) Math.ceil(p / 100.0 * sortedNanos.length) - 1;
    return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, i))] / 1e6;
  }

  /**
   * Runners of capacity 1 serving "studio", each its own HTTP server on loopback: a hand-over is
   * timed on arrival, answered {@code started}, and completed {@value #HOLD_MS} ms later.
   */
  final class FakeRunners implements AutoCloseable {
    static final int HOLD_MS = 100;
    final List<HttpServer> servers = new ArrayList<>();
    final ExecutorService handlers = Executors.newFixedThreadPool(8);
    final ScheduledExecutorService timers = Executors.newScheduledThreadPool(4);
    final Map<Integer, Long> submitted = new ConcurrentHashMap<>();
    final Map<Integer, Long> arrived = new ConcurrentHashMap<>();
    volatile CountDownLatch pending = new CountDownLatch(0);

    FakeRunners(int n) throws IOException {
      for (int i = 0; i < n; i++) {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        s.setExecutor(handlers);
        s.createContext("/task/run", this::run);
        s.start();
        servers.add(s);
      }
    }

    void registerAll() throws Exception {
      for (int i = 0; i < servers.size(); i++) {
        String body =
            "{\"id\":\"bench-"
                + i
                + "\",\"url\":\"http://127.0.0.1:"
                + servers.get(i).getAddress().getPort()
                + "\",\"task_types\":[\"studio\"],\"availability\":\"available\",\"capacity\":1}";
        post("/runner/register", RUNNER, body, "X-Runner-Version", "1.7.1");
      }
      timers.scheduleWithFixedDelay(this::beat, 5, 5, TimeUnit.SECONDS);
    }

    void beat() {
      for (int i = 0; i < servers.size(); i++) {
        try {
          post(
              "/runner/heartbeat/bench-" + i,
              RUNNER,
              "{\"availability\":\"available\"}",
              "X-Runner-Version",
              "1.7.1");
        } catch (Exception e) {
          // the manager restarts during the run
        }
      }
    }

    void run(HttpExchange ex) throws IOException {
      long now = System.nanoTime();
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Matcher source = SOURCE.matcher(body);
      Matcher task = TASK_ID.matcher(body);
      Matcher runId = RUN_ID.matcher(body);
      byte[] reply = "{\"status\":\"started\"}".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, reply.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(reply);
      }
      if (source.find() && task.find() && runId.find()) {
        int n = Integer.parseInt(source.group(1));
        if (arrived.putIfAbsent(n, now) == null) {
          pending.countDown();
        }
        String completion =
            "{\"task_id\":\""
                + task.group(1)
                + "\",\"status\":\"completed\",\"error_message\":null,\"script_output\":\"\",\"run_id\":\""
                + runId.group(1)
                + "\"}";
        timers.schedule(
            () -> {
              try {
                post("/task/completion", RUNNER, completion);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            },
            HOLD_MS,
            TimeUnit.MILLISECONDS);
      }
    }

    /**
     * Submits {@code n} studio tasks at {@code rate} per second (open loop: a slow reply does not
     * slow the next submission) and returns p50, p99, max of submit-to-hand-over, and p50 of the
     * submit reply, in ms.
     */
    double[] dispatchLatency(int n, int rate, int offset) throws Exception {
      submitted.clear();
      arrived.clear();
      pending = new CountDownLatch(n);
      ExecutorService senders = Executors.newFixedThreadPool(16);
      long[] replies = new long[n];
      long period = 1_000_000_000L / rate;
      long start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        long due = start + i * period;
        while (System.nanoTime() < due) {
          Thread.onSpinWait();
        }
        int k = offset + i;
        int slot = i;
        senders.execute(
            () -> {
              long t0 = System.nanoTime();
              submitted.put(k, t0);
              try {
                post("/task/execute", CLIENT, task("studio", "http://127.0.0.1:9/d/" + k));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
              replies[slot] = System.nanoTime() - t0;
            });
      }
      if (!pending.await(300, TimeUnit.SECONDS)) {
        throw new IllegalStateException(pending.getCount() + " tasks never reached a runner");
      }
      senders.shutdown();
      senders.awaitTermination(60, TimeUnit.SECONDS);
      long[] lat =
          arrived.entrySet().stream()
              .mapToLong(e -> e.getValue() - submitted.get(e.getKey()))
              .sorted()
              .toArray();
      long[] rep = replies.clone();
      Arrays.sort(rep);
      return new double[] {
        percentile(lat, 50), percentile(lat, 99), percentile(lat, 100), percentile(rep, 50)
      };
    }

    @Override
    public void close() {
      servers.forEach(s -> s.stop(0));
      handlers.shutdownNow();
      timers.shutdownNow();
    }
  }
}
