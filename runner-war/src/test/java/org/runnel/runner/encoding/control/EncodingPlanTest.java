package org.runnel.runner.encoding.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.runnel.runner.encoding.entity.Cut;
import org.runnel.runner.encoding.entity.Dressing;
import org.runnel.runner.encoding.entity.Ladder;
import org.runnel.runner.encoding.entity.Rung;
import org.runnel.runner.media.entity.SourceInfo;

/** The one-pass plan: what is decoded, encoded and packaged how often. */
public class EncodingPlanTest {

  static final SourceInfo HD =
      new SourceInfo("mov", 60_000, "h264", 1920, 1080, 30, "aac", 1, List.of("h264", "aac"));
  static final EncodingSettings CPU =
      new EncodingSettings("ffmpeg", "slow", false, "p5", Duration.ofHours(1), Set.of());

  @Test
  void decodesOnceAndEncodesEachRungOnceForBothHlsAndMp4() {
    List<Rung> rungs = Ladder.defaults().forSource(1080);
    EncodingPlan plan = EncodingPlan.of(source(Dressing.NONE, null), rungs, CPU);
    List<String> args = plan.arguments();
    assertEquals(1, Collections.frequency(args, "-i"), "one input, decoded once");
    assertEquals(3, Collections.frequency(args, "libx264"), "one encode per rung");
    assertEquals(3, Collections.frequency(args, "tee"));
    assertTrue(
        args.contains(
            "[f=hls:hls_time=2:hls_playlist_type=vod:hls_flags=single_file+independent_segments]"
                + "720p_lecture.m3u8|[f=mp4:movflags=+faststart]720p_lecture.mp4"),
        args.toString());
    assertTrue(
        args.contains(
            "[f=hls:hls_time=2:hls_playlist_type=vod:hls_flags=single_file+independent_segments]"
                + "1080p_lecture.m3u8"),
        "1080p has no MP4 by default");
    String graph = args.get(args.indexOf("-filter_complex") + 1);
    assertTrue(graph.contains("split=7"), graph);
    assertEveryScalerIsBicubic(graph);
    assertTrue(args.contains("1500k") && args.contains("6M") && args.contains("slow"));
  }

  @Test
  void aWatermarkAndCreditsJoinTheGraphAndTheDuration() {
    Dressing dressing =
        Dressing.of(
            Map.of(
                "watermark",
                "http://h/w.png",
                "watermark_opacity",
                "50",
                "watermark_position",
                "bottom_left",
                "opening_credits",
                "intro-slug",
                "opening_credits_video",
                "http://h/o.mp4"));
    SourceInfo credit = new SourceInfo("mov", 5_000, "h264", 1280, 720, 25, null, 0, List.of());
    EncodingPlan plan =
        EncodingPlan.of(
            new EncodingPlan.Source(
                Path.of("/in/lecture.mp4"),
                HD,
                "lecture",
                Cut.NONE,
                dressing,
                Path.of("/in/w.png"),
                new EncodingPlan.Credit(Path.of("/in/o.mp4"), credit),
                null),
            Ladder.defaults().forSource(1080),
            CPU);
    String graph = plan.arguments().get(plan.arguments().indexOf("-filter_complex") + 1);
    assertEquals(3, Collections.frequency(plan.arguments(), "-i"));
    assertTrue(graph.contains("colorchannelmixer=aa=0.50"), graph);
    assertTrue(graph.contains("scale=-2:108:flags=bicubic,"), "the logo is 10 % of 1080: " + graph);
    assertEveryScalerIsBicubic(graph);
    assertTrue(graph.contains("overlay=main_h*0.05:main_h-overlay_h-main_h*0.05"), graph);
    assertTrue(graph.contains("aevalsrc=0|0:s=48000:d=5.000"), "silent credits get silence");
    assertTrue(graph.contains("concat=n=2:v=1:a=1"), graph);
    assertEquals(65, plan.durationSeconds(), 0.001);
  }

  @Test
  void theRenditionParameterIsMergedOverTheDefaultLadder() {
    Ladder ladder =
        Ladder.merged(
            Map.of(
                "720",
                Map.of("video_bitrate", "1500k"),
                "480",
                Map.of("resolution", "854x480", "video_bitrate", "1000k", "encode_mp4", true)));
    List<Rung> rungs = ladder.forSource(720);
    assertEquals(List.of("360", "480", "720"), rungs.stream().map(Rung::name).toList());
    Rung r720 = rungs.get(2);
    assertEquals("1000k", r720.minRate());
    assertEquals("2250k", r720.maxRate());
    assertEquals("128k", r720.audioBitrate());
    assertEquals(
        List.of("360"), Ladder.defaults().forSource(240).stream().map(Rung::name).toList());
  }

  private static EncodingPlan.Source source(Dressing dressing, Path watermark) {
    return new EncodingPlan.Source(
        Path.of("/in/lecture.mp4"), HD, "lecture", Cut.NONE, dressing, watermark, null, null);
  }

  /**
   * Inside a filter graph ffmpeg's {@code scale} is bilinear unless told otherwise (SSIM 0.99454
   * against 0.99587 with bicubic at equal settings): every scaler must state its flags.
   */
  public static void assertEveryScalerIsBicubic(String graph) {
    Matcher m = Pattern.compile("scale=[^,;\\[]*").matcher(graph);
    int scalers = 0;
    while (m.find()) {
      scalers++;
      assertTrue(m.group().endsWith(":flags=bicubic"), m.group() + " in " + graph);
    }
    assertTrue(scalers >= 2, "the graph has its scalers: " + graph);
  }
}
