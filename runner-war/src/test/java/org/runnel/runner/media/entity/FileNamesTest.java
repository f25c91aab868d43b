package org.runnel.runner.media.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.api.Test;

class FileNamesTest {

  @Test
  void stemStripsAccentsAndExtensionAndTurnsSpacesIntoUnderscores() {
    assertEquals("Video_de_l_ete", FileNames.stem("Vidéo de l'été.MP4"));
    assertEquals("Ecole_Noel", FileNames.stem("École Noël.mov"));
  }

  @Test
  void stemKeepsInnerDotsAndReplacesOtherUnsafeCharacters() {
    assertEquals("cours.2024-01_partie_1_", FileNames.stem("cours.2024-01 partie#1?.webm"));
    assertEquals("a_b_c", FileNames.stem("a/b\\c.mp4"));
  }

  @Test
  void namesNeverStartWithADotNorComeOutEmpty() {
    assertEquals("hidden", FileNames.stem(".hidden"));
    assertEquals("source", FileNames.stem("..."));
    assertEquals("source", FileNames.safe(""));
  }

  @Test
  void sourceNameComesFromTheDecodedLastPathSegment() {
    assertEquals(
        "Video_ete.mp4",
        FileNames.ofUrl(URI.create("https://pod.example/media/Vid%C3%A9o%20%C3%A9t%C3%A9.mp4")));
    assertEquals("source", FileNames.ofUrl(URI.create("https://pod.example/")));
    assertEquals("clip.mp4", FileNames.ofUrl(URI.create("http://h/x/clip.mp4?token=1")));
  }

  @Test
  void safeNamesMatchTheProtocolResultFilePattern() {
    String name = "360p_" + FileNames.stem("Ça, c'est « du » test — 100 %.mkv") + ".mp4";
    assertTrue(name.matches("^[A-Za-z0-9._ -]+$"), name);
  }
}
