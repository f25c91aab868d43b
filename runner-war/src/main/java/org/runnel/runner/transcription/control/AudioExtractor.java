package org.runnel.runner.transcription.control;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.runnel.runner.media.control.ProcessLauncher;
import org.runnel.runner.tasks.entity.Cancellation;
import org.runnel.runner.tasks.entity.TaskFailure;
import ws.schild.jave.process.ProcessLocator;

/**
 * Decodes a source's first audio stream to what Whisper reads, 16 kHz mono samples, with one ffmpeg
 * run that also writes the MP3 copy when one is wanted. Loudness normalisation ({@code loudnorm})
 * applies to the samples only. ffmpeg is JAVE's bundled binary, run by the runner's {@link
 * ProcessLauncher} (killed on a stop request or when its time runs out).
 */
public final class AudioExtractor {

  private static final int BYTES_PER_SAMPLE = 2;

  private final ProcessLocator ffmpeg;
  private final ProcessLauncher launcher;

  public AudioExtractor(ProcessLocator ffmpeg, ProcessLauncher launcher) {
    this.ffmpeg = ffmpeg;
    this.launcher = launcher;
  }

  /**
   * @param log the task's log file, which receives ffmpeg's messages
   * @param mp3 where to write an MP3 copy of the audio, {@code null} for none
   * @return the samples, in [-1, 1)
   */
  public float[] extract(
      Path source, boolean normalize, Path mp3, Path log, Duration limit, Cancellation cancellation)
      throws TaskFailure {
    Path pcm = source.resolveSibling(source.getFileName() + ".16k.pcm");
    List<String> command =
        new ArrayList<>(List.of(ffmpeg.getExecutablePath(), "-nostdin", "-v", "error", "-y"));
    command.addAll(org.runnel.runner.media.control.MediaInputs.input(source));
    command.addAll(List.of("-map", "0:a:0", "-vn", "-ac", "1", "-ar", "16000"));
    if (normalize) {
      command.addAll(List.of("-af", "loudnorm"));
    }
    command.addAll(List.of("-c:a", "pcm_s16le", "-f", "s16le", pcm.toString()));
    if (mp3 != null) {
      command.addAll(List.of("-map", "0:a:0", "-vn", "-c:a", "libmp3lame", "-q:a", "2"));
      command.add(mp3.toString());
    }
    try {
      launcher.run(
          new ProcessLauncher.Launch("The audio extraction", command, limit, log, null, null),
          cancellation);
      return samples(pcm);
    } catch (IOException e) {
      throw TaskFailure.failed("Could not read the extracted audio: " + e.getMessage());
    } finally {
      deleteQuietly(pcm);
    }
  }

  /** Reads little-endian 16-bit samples scaled to [-1, 1). */
  static float[] samples(Path pcm) throws IOException {
    long size = Files.size(pcm);
    if (size / BYTES_PER_SAMPLE > Integer.MAX_VALUE - 8) {
      throw new IOException("the audio is too long (" + size + " bytes of samples)");
    }
    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(pcm)).order(ByteOrder.LITTLE_ENDIAN);
    float[] samples = new float[bytes.remaining() / BYTES_PER_SAMPLE];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = bytes.getShort() / 32768f;
    }
    return samples;
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // a leftover in the task folder goes with the folder
    }
  }
}
