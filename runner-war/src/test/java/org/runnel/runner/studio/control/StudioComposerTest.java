package org.runnel.runner.studio.control;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.runnel.runner.encoding.control.EncodingPlanTest.assertEveryScalerIsBicubic;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.runnel.runner.media.entity.SourceInfo;
import org.runnel.runner.studio.control.StudioComposer.Quality;
import org.runnel.runner.studio.control.StudioComposer.Track;

/** The composition graph states its scaler flags in every layout, as the encoding graph does. */
class StudioComposerTest {

  static final SourceInfo HD =
      new SourceInfo("mov", 60_000, "h264", 1280, 720, 25, "aac", 1, List.of("h264", "aac"));

  @Test
  void everyLayoutScalesBicubic() {
    Track slides = new Track(Path.of("/in/slides.mp4"), HD);
    Track camera = new Track(Path.of("/in/camera.mp4"), HD);
    for (String layout : List.of("mid", "piph", "pipb")) {
      List<String> args =
          StudioComposer.arguments(
              slides, camera, layout, List.of(), new Quality("slow", 23, "128k"));
      String graph = args.get(args.indexOf("-filter_complex") + 1);
      assertTrue(graph.contains("[1:v:0]"), "both tracks are in the graph: " + graph);
      assertEveryScalerIsBicubic(graph);
    }
  }
}
