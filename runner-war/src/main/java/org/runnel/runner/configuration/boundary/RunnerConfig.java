package org.runnel.runner.configuration.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

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
}
