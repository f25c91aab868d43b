package org.runnel.runner.media.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.runnel.runner.tasks.entity.Cancellation;
import org.runnel.runner.testing.Media;
import org.runnel.runner.testing.Tripwire;
import ws.schild.jave.process.ffmpeg.DefaultFFMPEGLocator;

/**
 * A real HLS playlist made by ffmpeg in "another task's" output folder, rewritten as an attacker
 * would: its first entry is an absolute {@code file:} path to that task's output, its second a
 * relative one. The first entry is a {@link Tripwire}: without the input options ffprobe opens it
 * (the control), with them neither ffprobe nor the fallback probe does, and the refusal is worded
 * for the end user.
 */
@Timeout(120)
class PlaylistRefusalTest {

  @TempDir Path data;
  private Path other;
  private Path list;

  @BeforeEach
  void craft() throws Exception {
    other = data.resolve("tasks/other/output");
    Files.createDirectories(other);
    Media.make(
        other.resolve("360p_x.m3u8"),
        "-f lavfi -i testsrc2=duration=2:size=320x240:rate=25 -c:v libx264 -preset ultrafast"
            + " -f hls -hls_time 1 -hls_playlist_type vod");
    Path mine = data.resolve("tasks/mine/source");
    Files.createDirectories(mine);
    list = mine.resolve("lecture.mp4");
    StringBuilder crafted = new StringBuilder();
    boolean first = true;
    for (String line : Files.readAllLines(other.resolve("360p_x.m3u8"))) {
      if (!line.startsWith("#") && !line.isBlank()) {
        line = first ? "file:" + other.resolve("secret.ts") : "../../other/output/" + line.strip();
        first = false;
      }
      crafted.append(line).append('\n');
    }
    Files.writeString(list, crafted);
  }

  @Test
  void withoutTheInputOptionsFfprobeFollowsThePlaylist() throws Exception {
    try (Tripwire wire = new Tripwire(other.resolve("secret.ts"))) {
      Process p =
          new ProcessBuilder("ffprobe", "-v", "error", list.toString())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      assertTrue(wire.fired(20_000), "the control: a plain ffprobe opens the entry");
      p.destroyForcibly();
      assertTrue(p.waitFor(10, TimeUnit.SECONDS));
    }
  }

  @Test
  void theProbeRefusesThePlaylistWithoutOpeningItsEntries() throws Exception {
    try (Tripwire wire = new Tripwire(other.resolve("secret.ts"))) {
      for (SourceProbe probe :
          List.of(
              Media.probe(), new SourceProbe(Media.LAUNCHER, null, new DefaultFFMPEGLocator()))) {
        assertEquals(
            MediaInputs.PLAYLIST,
            assertThrows(
                    org.runnel.runner.tasks.entity.TaskFailure.class,
                    () -> probe.probe(list, new Cancellation()))
                .getMessage());
      }
      assertFalse(wire.fired(500));
    }
  }

  @Test
  void theRealPlaylistAndOtherListsAreRecognisedByTheirFirstBytes() throws Exception {
    assertTrue(MediaInputs.looksLikeList(list));
    assertTrue(MediaInputs.looksLikeList(other.resolve("360p_x.m3u8")));
    Path ts = other.resolve("360p_x0.ts");
    assertFalse(MediaInputs.looksLikeList(ts), "a segment is media");
    for (String text :
        List.of(
            "\ufeff#EXTM3U\n",
            "  ffconcat version 1.0\nfile a.mp4\n",
            "file '/data/tasks/other/output/a.mp4'\n",
            "v=0\no=- 0 0 IN IP4 127.0.0.1\n",
            "<?xml version=\"1.0\"?><MPD/>",
            "[playlist]\nFile1=http://x/\n",
            "https://example.org/a.mp4\n")) {
      Path f = data.resolve("l" + text.hashCode());
      Files.writeString(f, text);
      assertTrue(MediaInputs.looksLikeList(f), text);
    }
    assertTrue(MediaInputs.listFormat("hls"));
    assertTrue(MediaInputs.listFormat("concat"));
    assertFalse(MediaInputs.listFormat("mov,mp4,m4a,3gp,3g2,mj2"));
    assertEquals("mpegts", Media.probe().probe(ts, new Cancellation()).format());
  }
}
