package org.runnel.runner.transcription.control;

import java.util.List;
import java.util.Optional;
import org.runnel.runner.transcription.entity.Segment;

/**
 * Translates subtitles between two languages, for the directions Whisper itself cannot do (its
 * {@code translate} task only goes to English). A runner has none by default ({@link #NONE}); an
 * implementation deployed as a CDI bean (an Apertium or Marian adapter, say) is picked up by the
 * transcription service. A translator that cannot do a direction answers empty, and the task then
 * delivers the subtitles in the spoken language and says so in {@code info_video.json}.
 */
public interface Translator {

  /** The translator of a runner that has none: every direction is unavailable. */
  Translator NONE =
      new Translator() {
        @Override
        public String name() {
          return "none";
        }

        @Override
        public Optional<List<Segment>> translate(List<Segment> segments, String from, String to) {
          return Optional.empty();
        }
      };

  /** A short name for {@code info_video.json} and the task's log. */
  String name();

  /**
   * The segments with their text in {@code to}, times unchanged; empty when this translator does
   * not know the direction.
   */
  Optional<List<Segment>> translate(List<Segment> segments, String from, String to);
}
