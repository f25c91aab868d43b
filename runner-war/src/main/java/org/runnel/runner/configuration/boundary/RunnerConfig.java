package org.runnel.runner.configuration.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.runnel.shared.net.UrlPolicy;

/**
 * Every setting of the runner in one place, read through MicroProfile Config (defaults in {@code
 * META-INF/microprofile-config.properties}, overridable by system properties and environment
 * variables). Other beans ask this one instead of injecting keys themselves, so the list of keys is
 * this class.
 */
@ApplicationScoped
public class RunnerConfig {

  @Inject
  @ConfigProperty(name = "runnel.runner.id")
  String id;

  @Inject
  @ConfigProperty(name = "runnel.runner.manager-url")
  String managerUrl;

  @Inject
  @ConfigProperty(name = "runnel.runner.token")
  Optional<String> token;

  @Inject
  @ConfigProperty(name = "runnel.runner.public-url")
  String publicUrl;

  @Inject
  @ConfigProperty(name = "runnel.runner.data-dir")
  String dataDir;

  @Inject
  @ConfigProperty(name = "runnel.runner.task-types")
  List<String> taskTypes;

  @Inject
  @ConfigProperty(name = "runnel.runner.capacity")
  int capacity;

  @Inject
  @ConfigProperty(name = "runnel.runner.heartbeat-seconds")
  long heartbeatSeconds;

  @Inject
  @ConfigProperty(name = "runnel.runner.download-max-bytes")
  long downloadMaxBytes;

  @Inject
  @ConfigProperty(name = "runnel.runner.download-timeout-seconds")
  long downloadTimeoutSeconds;

  @Inject
  @ConfigProperty(name = "runnel.runner.encode-timeout-seconds")
  long encodeTimeoutSeconds;

  @Inject
  @ConfigProperty(name = "runnel.runner.encode-preset")
  String encodePreset;

  @Inject
  @ConfigProperty(name = "runnel.runner.ffmpeg-path")
  Optional<String> ffmpegPath;

  @Inject
  @ConfigProperty(name = "runnel.runner.ffprobe-path", defaultValue = "ffprobe")
  String ffprobePath;

  @Inject
  @ConfigProperty(name = "runnel.runner.gpu-encoding", defaultValue = "true")
  boolean gpuEncoding;

  @Inject
  @ConfigProperty(name = "runnel.runner.nvenc-preset", defaultValue = "p5")
  String nvencPreset;

  @Inject
  @ConfigProperty(name = "runnel.runner.denied-codecs", defaultValue = "magicyuv")
  List<String> deniedCodecs;

  @Inject
  @ConfigProperty(name = "runnel.runner.progress-seconds", defaultValue = "5")
  long progressSeconds;

  @Inject
  @ConfigProperty(name = "runnel.runner.allow-private-urls", defaultValue = "false")
  boolean allowPrivateUrls;

  @Inject
  @ConfigProperty(name = "runnel.runner.url-allowed-hosts")
  Optional<String> urlAllowedHosts;

  @Inject
  @ConfigProperty(name = "runnel.runner.max-redirects", defaultValue = "5")
  int maxRedirects;

  public String id() {
    return id;
  }

  public String managerUrl() {
    return managerUrl;
  }

  /** The runner's token, empty when none is configured (the runner then does not register). */
  public Optional<String> token() {
    return token.map(String::trim).filter(t -> !t.isEmpty());
  }

  public String publicUrl() {
    return publicUrl;
  }

  public Path dataDir() {
    return Path.of(dataDir).toAbsolutePath();
  }

  public List<String> taskTypes() {
    return taskTypes.stream().map(String::trim).filter(t -> !t.isEmpty()).toList();
  }

  public int capacity() {
    return Math.max(1, capacity);
  }

  public Duration heartbeat() {
    return Duration.ofSeconds(Math.max(1, heartbeatSeconds));
  }

  public long downloadMaxBytes() {
    return downloadMaxBytes;
  }

  public Duration downloadTimeout() {
    return Duration.ofSeconds(downloadTimeoutSeconds);
  }

  public Duration encodeTimeout() {
    return Duration.ofSeconds(encodeTimeoutSeconds);
  }

  /** The x264 preset of the encodes ({@code slow} like the reference runner). */
  public String encodePreset() {
    return encodePreset;
  }

  /** A configured ffmpeg (e.g. a system build with NVENC); empty for JAVE's bundled one. */
  public Optional<String> ffmpegPath() {
    return ffmpegPath.map(String::trim).filter(p -> !p.isEmpty());
  }

  public String ffprobePath() {
    return ffprobePath.trim();
  }

  /** Whether encodes may use NVENC when the host offers a working one. */
  public boolean gpuEncoding() {
    return gpuEncoding;
  }

  public String nvencPreset() {
    return nvencPreset;
  }

  /** Codec names refused at intake, lower case. */
  public java.util.Set<String> deniedCodecs() {
    return deniedCodecs.stream()
        .map(c -> c.trim().toLowerCase(java.util.Locale.ROOT))
        .filter(c -> !c.isEmpty())
        .collect(java.util.stream.Collectors.toSet());
  }

  /** How often a running attempt's progress goes to the manager. */
  public Duration progressInterval() {
    return Duration.ofSeconds(Math.max(1, progressSeconds));
  }

  /**
   * The policy every URL this runner fetches passes, redirects included: the client-URL switch
   * {@code allow-private-urls} and the allow-list {@code url-allowed-hosts}. A runner fetches no
   * runner URL, so that side is public-only.
   */
  public UrlPolicy urlPolicy() {
    return new UrlPolicy(
        UrlPolicy.Scope.of(allowPrivateUrls, urlAllowedHosts), UrlPolicy.Scope.PUBLIC);
  }

  /** How many redirects a download follows (each one checked by the URL policy). */
  public int maxRedirects() {
    return Math.max(0, maxRedirects);
  }
}
