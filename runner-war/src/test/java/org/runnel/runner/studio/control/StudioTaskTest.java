package org.runnel.runner.studio.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.runnel.runner.encoding.control.EncodingHandler;
import org.runnel.runner.encoding.control.EncodingSettings;
import org.runnel.runner.media.control.SourceDownloader;
import org.runnel.runner.media.control.SourceProbe;
import org.runnel.runner.tasks.entity.Attempt;
import org.runnel.runner.tasks.entity.Manifest;
import org.runnel.runner.tasks.entity.TaskFailure;
import org.runnel.runner.testing.LocalWebServer;
import org.runnel.runner.testing.Media;
import org.runnel.shared.json.Json;

/**
 * A studio recording as Opencast describes it: a mediapackage with a presentation track (no audio)
 * and a presenter track (with audio), and a SMIL catalog keeping two stretches, all served over
 * HTTP; the task composes {@code studio_base.mp4} and encodes it.
 */
class StudioTaskTest {

  @TempDir static Path media;
  static LocalWebServer web;

  @TempDir Path work;

  @BeforeAll
  static void recordAndServe() throws Exception {
    web = new LocalWebServer();
    serve(
        "slides.mp4",
        "-f lavfi -i testsrc2=duration=4:size=1280x720:rate=25 -c:v libx264 -preset ultrafast");
    serve(
        "camera.mp4",
        "-f lavfi -i smptebars=duration=4:size=640x360:rate=25 -f lavfi"
            + " -i sine=frequency=500:duration=4 -shortest -c:v libx264 -preset ultrafast -c:a aac");
    String xml =
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <mediapackage xmlns="http://mediapackage.opencastproject.org" id="mp1">
          <media>
            <track id="t1" type="presentation/source"><url>%s</url></track>
            <track id="t2" type="presenter/source"><url>%s</url></track>
          </media>
          <metadata>
            <catalog id="c1" type="smil/cutting"><url>%s</url></catalog>
          </metadata>
        </mediapackage>
        """
            .formatted(
                web.url("/rec/slides.mp4"), web.url("/rec/camera.mp4"), web.url("/rec/cut.smil"));
    web.serve("/rec/mediapackage.xml", 200, "text/xml", xml.getBytes(StandardCharsets.UTF_8));
    // Pod's studio writes the layout the author chose on the root element and sends no parameter
    String chosen = xml.replace("id=\"mp1\">", "id=\"mp2\" presenter=\"pipb\">");
    web.serve("/rec/pipb.xml", 200, "text/xml", chosen.getBytes(StandardCharsets.UTF_8));
    String smil =
        """
        <smil xmlns="http://www.w3.org/ns/SMIL"><body>
          <par><video src="a" clipBegin="0.5s" clipEnd="1.5s"/></par>
          <par><video src="a" clipBegin="2000ms" clipEnd="3.5s"/></par>
        </body></smil>
        """;
    web.serve("/rec/cut.smil", 200, "application/smil", smil.getBytes(StandardCharsets.UTF_8));
  }

  @AfterAll
  static void stop() {
    web.close();
  }

  @Test
  void composesTheBaseFileCutsItAndEncodesIt() throws Exception {
    Attempt attempt = attempt(Map.of("presenter", "piph", "studio_crf", "30", "video_id", "3"));
    task().run(attempt);

    Path out = attempt.folder().output();
    Path base = out.resolve("studio_base.mp4");
    Map<?, ?> video = Media.streams(base, "video").get(0);
    assertEquals(1280, ((Number) video.get("width")).intValue());
    assertEquals(720, ((Number) video.get("height")).intValue());
    assertEquals(1, Media.streams(base, "audio").size(), "the presenter's sound is kept");
    double seconds =
        Double.parseDouble(
            ((Map<?, ?>) Media.probe(base).get("format")).get("duration").toString());
    assertEquals(2.5, seconds, 0.3);
    List<String> files =
        Json.read(Files.readString(attempt.folder().manifest()), Manifest.class).files();
    assertTrue(files.contains("studio_base.mp4"), files.toString());
    assertTrue(files.contains("720p_studio_base.m3u8"), files.toString());
    assertTrue(files.contains("360p_studio_base.mp4"), files.toString());
    assertTrue(files.contains("audio_192k_studio_base.mp3"), files.toString());
    assertEquals(100, attempt.progress());
  }

  @Test
  void theSideBySideLayoutAndTheParameterChecks() throws Exception {
    Attempt mid = attempt(Map.of());
    task().run(mid);
    assertTrue(
        Files.readString(mid.folder().log()).contains("(layout mid)"),
        "no parameter and no layout in the mediapackage: side by side");
    Map<?, ?> video =
        Media.streams(mid.folder().output().resolve("studio_base.mp4"), "video").get(0);
    assertEquals(1280, ((Number) video.get("width")).intValue());

    TaskFailure bad =
        assertThrows(TaskFailure.class, () -> task().run(attempt(Map.of("presenter", "left"))));
    assertEquals("Invalid parameters: presenter must be mid, piph or pipb", bad.getMessage());
    TaskFailure unknown =
        assertThrows(TaskFailure.class, () -> task().run(attempt(Map.of("model", "x"))));
    assertEquals(
        "Invalid parameters for task type: studio (invalid fields: model)", unknown.getMessage());
  }

  @Test
  void withoutAParameterTheLayoutWrittenInTheMediapackageIsUsed() throws Exception {
    Attempt fromXml = Media.attempt(web.url("/rec/pipb.xml"), "studio", Map.of(), work);
    task().run(fromXml);
    assertTrue(Files.readString(fromXml.folder().log()).contains("(layout pipb)"));
    Attempt asked =
        Media.attempt(
            web.url("/rec/mediapackage.xml"),
            "studio",
            Map.of("presenter", "pipb", "studio_crf", "23.0", "studio_preset", "ultrafast x"),
            work.resolve("asked"));
    task().run(asked);
    Path a = fromXml.folder().output().resolve("studio_base.mp4");
    Path b = asked.folder().output().resolve("studio_base.mp4");
    for (int[] at : new int[][] {{1180, 620}, {1180, 40}, {300, 300}}) {
      int[] x = Media.colour(a, 1.0, at[0], at[1], 16);
      int[] y = Media.colour(b, 1.0, at[0], at[1], 16);
      for (int c = 0; c < 3; c++) {
        assertTrue(Math.abs(x[c] - y[c]) <= 12, "same picture at " + at[0] + "," + at[1]);
      }
    }
  }

  private static StudioTask task() {
    SourceDownloader downloader = Media.downloader(100_000_000L, Duration.ofMinutes(1));
    SourceProbe probe = Media.probe();
    EncodingSettings settings =
        new EncodingSettings(
            Media.FFMPEG, "ultrafast", false, "p5", Duration.ofMinutes(5), Set.of("magicyuv"));
    EncodingHandler encoder = new EncodingHandler(downloader, probe, Media.LAUNCHER, settings);
    return new StudioTask(
        downloader,
        encoder,
        probe,
        Media.LAUNCHER,
        Media.FFMPEG,
        "ultrafast",
        Duration.ofMinutes(5));
  }

  private Attempt attempt(Map<String, Object> parameters) {
    return Media.attempt(web.url("/rec/mediapackage.xml"), "studio", parameters, work);
  }

  private static void serve(String name, String args) throws Exception {
    Path file = Media.make(media.resolve(name), args);
    web.serve("/rec/" + name, 200, "video/mp4", Files.readAllBytes(file));
  }
}
