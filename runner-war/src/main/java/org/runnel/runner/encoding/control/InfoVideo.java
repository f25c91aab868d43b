package org.runnel.runner.encoding.control;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.runnel.runner.encoding.entity.Output;
import org.runnel.shared.protocol.TaskRunRequest;

/**
 * The content of {@code info_video.json}, the file through which Pod learns what was made: the keys
 * it reads ({@code duration}, {@code has_stream_video}, {@code has_stream_audio}, {@code
 * has_stream_thumbnail}, {@code encode_video}, {@code encode_audio}, {@code encode_thumbnail}) and,
 * for people, the overview files, the source's description and the informational {@code video_*}
 * parameters.
 */
public final class InfoVideo {

  public static final String FILE = "info_video.json";

  private InfoVideo() {}

  public static Map<String, Object> of(
      EncodingPlan.Source source, EncodingPlan plan, TaskRunRequest request) {
    List<Map<String, Object>> video = new ArrayList<>();
    List<Map<String, Object>> audio = new ArrayList<>();
    List<Map<String, Object>> thumbnails = new ArrayList<>();
    Map<String, Object> overview = new LinkedHashMap<>();
    for (Output o : plan.outputs()) {
      switch (o.kind()) {
        case HLS, MP4 -> video.add(entry(o, "rendition", o.rendition()));
        case MP3, M4A -> audio.add(entry(o, null, null));
        case THUMBNAIL -> {
          Map<String, Object> t = new LinkedHashMap<>();
          t.put("filename", o.filename());
          t.put("timestamp", Math.round(o.seconds() * 1000) / 1000.0);
          t.put("percentage", EncodingPlan.THUMBNAIL_PERCENTS[thumbnails.size()]);
          thumbnails.add(t);
        }
        case OVERVIEW -> overview.put("image", o.filename());
        case OVERVIEW_VTT -> overview.put("vtt", o.filename());
        default -> {
          // the HLS segments file is part of its playlist's entry
        }
      }
    }
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("duration", (long) Math.floor(plan.durationSeconds()));
    info.put("duration_seconds", Math.round(plan.durationSeconds() * 1000) / 1000.0);
    info.put("has_stream_video", source.info().hasVideo());
    info.put("has_stream_audio", source.info().hasAudio());
    info.put("has_stream_thumbnail", !thumbnails.isEmpty());
    info.put("encode_video", video);
    info.put("encode_audio", audio);
    info.put("encode_thumbnail", thumbnails);
    info.put("overview", overview);
    info.put("source", source.info().describe());
    Map<String, Object> parameters = request.parameters();
    if (parameters != null) {
      for (String key : List.of("video_id", "video_slug", "video_title")) {
        if (parameters.containsKey(key)) {
          info.put(key, parameters.get(key));
        }
      }
    }
    return info;
  }

  private static Map<String, Object> entry(Output o, String key, Object value) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("encoding_format", o.kind().mime());
    if (key != null) {
      e.put(key, value);
    }
    e.put("filename", o.filename());
    return e;
  }
}
