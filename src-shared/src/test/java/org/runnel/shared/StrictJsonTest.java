package org.runnel.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.runnel.shared.json.InvalidRequestException;
import org.runnel.shared.json.Json;
import org.runnel.shared.json.JsonSyntax;
import org.runnel.shared.protocol.ExecuteRequest;
import org.runnel.shared.protocol.FieldLimits;
import org.runnel.shared.protocol.HeartbeatRequest;
import org.runnel.shared.protocol.ProgressRequest;
import org.runnel.shared.protocol.RegisterRequest;

/** Strict reading of request bodies: one JSON value, bounded, no type coercion; field limits. */
class StrictJsonTest {

  static final String POD =
      """
      {"etab_name":"Université de Test","app_name":"pod","app_version":"4.2",
       "task_type":"encoding","source_url":"https://pod.example/v.mp4",
       "notify_url":"https://pod.example/cb","affiliation":"faculty",
       "parameters":{"rendition":"{\\"360\\":{\\"resolution\\":\\"640x360\\",\\"encode_mp4\\":true}}",
        "cut":"{\\"start\\":\\"00:00:01\\",\\"end\\":\\"00:00:05\\"}","dressing":"{}",
        "video_id":"12","video_slug":"12-x","video_title":"Été \\ud83c\\udf89"}}
      """;

  private static InvalidRequestException refused(String body, Class<?> type) {
    return assertThrows(InvalidRequestException.class, () -> Json.read(body, type));
  }

  private static String field(InvalidRequestException e) {
    return e.errors().get(0).field();
  }

  @Test
  void podsBodyIsAcceptedWithinTheDefaultLimits() {
    ExecuteRequest r = Json.read(POD, ExecuteRequest.class).withinLimits(FieldLimits.DEFAULTS);
    assertEquals("Université de Test", r.etabName());
    assertEquals("Été \uD83C\uDF89", r.parameters().get("video_title"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"{} x", "{}{}", "{\"a\":1} ]", "[] 1", "\"x\" \"y\"", "{}\u0000"})
  void trailingDataIsRefused(String body) {
    InvalidRequestException e = refused(body, Map.class);
    assertEquals("body", field(e));
    assertTrue(e.getMessage().contains("Extra data"), e.getMessage());
  }

  @Test
  void deepNestingIsRefusedWithoutRecursingIntoIt() {
    String deep = "{\"parameters\":" + "{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000) + "}";
    InvalidRequestException e = refused(deep, ExecuteRequest.class);
    assertEquals("parameters", field(e));
    assertTrue(e.getMessage().contains("deeper than 64"), e.getMessage());
    String arrays = "[".repeat(20_000) + "]".repeat(20_000);
    assertEquals("body", field(refused(arrays, Object.class)));
    String ok =
        "{\"a\":".repeat(JsonSyntax.MAX_DEPTH - 1) + "1" + "}".repeat(JsonSyntax.MAX_DEPTH - 1);
    Json.read(ok, Map.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"etab_name\":12}",
        "{\"etab_name\":true}",
        "{\"etab_name\":{}}",
        "{\"etab_name\":[\"UM\"]}",
        "{\"parameters\":\"x\"}",
        "{\"parameters\":[]}"
      })
  void noTypeCoercion(String body) {
    InvalidRequestException e = refused(body, ExecuteRequest.class);
    assertTrue(List.of("etab_name", "parameters").contains(field(e)), e.getMessage());
  }

  @Test
  void listsNumbersAndBooleansAreTypedToo() {
    assertEquals(
        "task_types", field(refused("{\"task_types\":[\"encoding\",3]}", RegisterRequest.class)));
    assertEquals(
        "task_types", field(refused("{\"task_types\":\"encoding\"}", RegisterRequest.class)));
    assertEquals("capacity", field(refused("{\"capacity\":\"2\"}", RegisterRequest.class)));
    assertEquals("progress", field(refused("{\"progress\":\"50\"}", ProgressRequest.class)));
    assertEquals(
        "running_tasks", field(refused("{\"running_tasks\":[1]}", HeartbeatRequest.class)));
    assertEquals("body", field(refused("[1,2]", ExecuteRequest.class)));
    ExecuteRequest nulls =
        Json.read("{\"etab_name\":null,\"app_version\":null}", ExecuteRequest.class);
    assertEquals(null, nulls.etabName());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"a\":\"\\ud800\"}",
        "{\"a\":\"\\udc00x\"}",
        "{\"a\":\"\\ud800\\u0041\"}",
        "{\"a\":\"tab\there\"}",
        "{\"a\":\"\\x\"}",
        "{\"a\":1,\"a\":2}",
        "{'a':1}",
        "{\"a\":01}",
        "{\"a\":1.}",
        "{\"a\":NaN}",
        "{\"a\":tru}",
        "{\"a\":1,}",
        "[1,]",
        "\ufeff{}",
        "{\"a\""
      })
  void malformedJsonIsRefused(String body) {
    refused(body, Map.class);
  }

  @Test
  void hugeNumbersAndHugeObjectsAreRefused() {
    refused("{\"a\":1" + "0".repeat(100) + "}", Map.class);
    refused("{\"a\":1e" + "9".repeat(80) + "}", Map.class);
    StringBuilder many = new StringBuilder("{\"parameters\":{");
    for (int i = 0; i < 60_000; i++) {
      many.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":1");
    }
    assertEquals("parameters", field(refused(many.append("}}").toString(), ExecuteRequest.class)));
  }

  private static ExecuteRequest request(String etab, String url, Map<String, Object> params) {
    return new ExecuteRequest(etab, "pod", "4.2", "encoding", url, "", null, params);
  }

  @Test
  void fieldLimitsNameTheField() {
    FieldLimits l = FieldLimits.DEFAULTS;
    String longUrl = "https://pod.example/" + "a".repeat(900_000);
    InvalidRequestException e =
        assertThrows(
            InvalidRequestException.class, () -> request("UM", longUrl, Map.of()).withinLimits(l));
    assertEquals("source_url", field(e));
    e =
        assertThrows(
            InvalidRequestException.class,
            () -> request("x".repeat(150_000), "https://a/v.mp4", Map.of()).withinLimits(l));
    assertEquals("etab_name", field(e));
    Map<String, Object> params = new java.util.HashMap<>();
    for (int i = 0; i < 65; i++) {
      params.put("k" + i, "v");
    }
    e =
        assertThrows(
            InvalidRequestException.class,
            () -> request("UM", "https://a/v.mp4", params).withinLimits(l));
    assertEquals("parameters", field(e));
    Map<String, Object> big = Map.of("rendition", "x".repeat(70_000));
    e =
        assertThrows(
            InvalidRequestException.class,
            () -> request("UM", "https://a/v.mp4", big).withinLimits(l));
    assertEquals("parameters", field(e));
    e =
        assertThrows(
            InvalidRequestException.class,
            () -> request("U\nM", "https://a/v.mp4", Map.of()).withinLimits(l));
    assertEquals("etab_name", field(e));
    request("x".repeat(256), "https://a/" + "b".repeat(8000), Map.of("video_id", "1"))
        .withinLimits(l);
  }
}
