package org.runnel.runner.media.control;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import org.runnel.runner.media.entity.FileNames;
import org.runnel.runner.tasks.entity.Cancellation;
import org.runnel.runner.tasks.entity.TaskFailure;

/**
 * Downloads a task's source into its folder, streaming to disk. The download is bounded in size
 * (checked against {@code Content-Length} first, then while copying) and in time (a watchdog cuts a
 * stalled transfer), retried a few times when the host could not be reached or answered 5xx, and
 * every failure becomes a sentence the end user can act on. Redirects are followed (never from
 * https to http), since media servers often redirect to the file.
 */
public class SourceDownloader {

  static final int ATTEMPTS = 3;
  private static final Duration HEADERS_TIMEOUT = Duration.ofSeconds(60);
  private static final long RETRY_PAUSE_MILLIS = 500;

  private final HttpClient client;
  private final long maxBytes;
  private final Duration timeout;
  private final ScheduledExecutorService scheduler;

  public SourceDownloader(long maxBytes, Duration timeout, ScheduledExecutorService scheduler) {
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    this.maxBytes = maxBytes;
    this.timeout = timeout;
    this.scheduler = scheduler;
  }

  /**
   * Downloads {@code url} into {@code folder}, under the URL's (sanitised) file name.
   *
   * @return the downloaded file
   * @throws TaskFailure with a readable message when the source cannot be had
   */
  public Path download(String url, Path folder, Cancellation cancellation) throws TaskFailure {
    URI uri = URI.create(url);
    Path target = folder.resolve(FileNames.ofUrl(uri));
    for (int attempt = 1; ; attempt++) {
      cancellation.throwIfRequested();
      try {
        Files.createDirectories(folder);
        fetch(uri, target, cancellation);
        return target;
      } catch (Retryable e) {
        if (attempt >= ATTEMPTS) {
          throw e.failure;
        }
        pause(attempt, cancellation);
      } catch (IOException e) {
        throw TaskFailure.failed("Could not store the source on the runner: " + e.getMessage());
      }
    }
  }

  private void fetch(URI uri, Path target, Cancellation cancellation)
      throws TaskFailure, Retryable, IOException {
    String host = uri.getHost();
    Path partial = target.resolveSibling(target.getFileName() + ".part");
    Abort abort = new Abort(Thread.currentThread());
    cancellation.onRequest(abort);
    try (Watchdog watchdog = Watchdog.start(scheduler, timeout, abort)) {
      try {
        HttpResponse<InputStream> response =
            client.send(
                HttpRequest.newBuilder(uri).timeout(HEADERS_TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = abort.watch(response.body())) {
          check(response, host);
          copy(body, partial);
        }
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
      } catch (ConnectException | UnknownHostException e) {
        throw new Retryable(unreachable(host));
      } catch (HttpTimeoutException e) {
        throw new Retryable(
            TaskFailure.failed("Could not download the source: " + host + " did not answer"));
      } catch (IOException | InterruptedException e) {
        cancellation.throwIfRequested();
        if (watchdog.expired()) {
          throw TaskFailure.failed(
              "Could not download the source: "
                  + host
                  + " did not send it within "
                  + timeout.toSeconds()
                  + " seconds");
        }
        if (e instanceof IOException io && io.getCause() instanceof ConnectException) {
          throw new Retryable(unreachable(host));
        }
        throw new Retryable(
            TaskFailure.failed(
                "Could not download the source from " + host + ": the transfer broke off"));
      }
    } finally {
      cancellation.onRequest(null);
      Thread.interrupted();
      Files.deleteIfExists(partial);
    }
  }

  private void check(HttpResponse<?> response, String host) throws TaskFailure, Retryable {
    int code = response.statusCode();
    if (code < 200 || code > 299) {
      TaskFailure failure =
          TaskFailure.failed("Could not download the source (HTTP " + code + " from " + host + ")");
      if (code >= 500) {
        throw new Retryable(failure);
      }
      throw failure;
    }
    String type = response.headers().firstValue("Content-Type").orElse("");
    if (type.toLowerCase(Locale.ROOT).startsWith("text/html")) {
      throw TaskFailure.failed(
          "Could not download the source: " + host + " answered with a web page, not a media file");
    }
    long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
    if (declared > maxBytes) {
      throw tooLarge();
    }
  }

  private void copy(InputStream body, Path partial) throws IOException, TaskFailure {
    byte[] buffer = new byte[64 * 1024];
    long total = 0;
    try (OutputStream out = Files.newOutputStream(partial)) {
      for (int n; (n = body.read(buffer)) >= 0; ) {
        total += n;
        if (total > maxBytes) {
          throw tooLarge();
        }
        out.write(buffer, 0, n);
      }
    }
  }

  private TaskFailure tooLarge() {
    return TaskFailure.failed("The source file is larger than the allowed " + maxBytes + " bytes");
  }

  private static TaskFailure unreachable(String host) {
    return TaskFailure.failed("Could not download the source: " + host + " is unreachable");
  }

  private static void pause(int attempt, Cancellation cancellation) throws TaskFailure {
    try {
      Thread.sleep(RETRY_PAUSE_MILLIS * attempt);
    } catch (InterruptedException e) {
      // only a stop request interrupts this thread: it is honoured just below
    }
    cancellation.throwIfRequested();
  }

  /**
   * Stops a download from another thread: interrupts the wait for the response headers and closes
   * the body stream, which is what unblocks a read of the JDK client (an interrupt does not).
   */
  private static final class Abort implements Runnable {
    private final Thread worker;
    private volatile InputStream body;

    Abort(Thread worker) {
      this.worker = worker;
    }

    InputStream watch(InputStream stream) {
      body = stream;
      return stream;
    }

    @Override
    public void run() {
      worker.interrupt();
      InputStream stream = body;
      if (stream != null) {
        try {
          stream.close();
        } catch (IOException e) {
          // closing is all that is wanted
        }
      }
    }
  }

  /** A failure worth another attempt (host unreachable, 5xx, transfer cut). */
  private static final class Retryable extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient TaskFailure failure;

    Retryable(TaskFailure failure) {
      super(failure.getMessage(), null, false, false);
      this.failure = failure;
    }
  }
}
