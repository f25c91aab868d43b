package org.runnel.manager;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The built manager.war as the integration tests deploy it: renamed ROOT.war (context root "/"),
 * with a fresh data folder under target/it-data and the test's configuration in a library whose
 * {@code microprofile-config.properties} outranks the WAR's defaults ({@code config_ordinal=500}).
 */
final class TestWar {

  private TestWar() {}

  /**
   * @param name prefix of the data folder
   * @param properties {@code key=value} lines
   */
  static WebArchive withConfig(String name, String... properties) {
    String buildDir = System.getProperty("runnel.buildDir", "target");
    Path data = Path.of(buildDir, "it-data", name + "-" + System.currentTimeMillis());
    List<String> lines = new ArrayList<>();
    lines.add("config_ordinal=500");
    lines.add("runnel.manager.data-dir=" + data.toAbsolutePath());
    lines.addAll(List.of(properties));
    JavaArchive overrides =
        ShrinkWrap.create(JavaArchive.class, "it-config.jar")
            .addAsManifestResource(
                new StringAsset(String.join("\n", lines) + "\n"), "microprofile-config.properties");
    return ShrinkWrap.create(ZipImporter.class, "ROOT.war")
        .importFrom(new File(buildDir, "manager.war"))
        .as(WebArchive.class)
        .addAsLibrary(overrides);
  }
}
