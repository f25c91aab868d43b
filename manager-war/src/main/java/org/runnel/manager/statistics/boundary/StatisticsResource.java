package org.runnel.manager.statistics.boundary;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.runnel.manager.security.boundary.Authenticator;
import org.runnel.manager.statistics.control.StatisticsLog;
import org.runnel.shared.rest.ApiError;

/** The statistics CSV for administrators, whole or for a range of dates (admin token). */
@Path("admin-api/statistics.csv")
@RequestScoped
public class StatisticsResource {

  @Inject Authenticator auth;
  @Inject StatisticsLog log;

  @GET
  @Produces("text/csv")
  @Tag(name = "Administration")
  @Operation(
      summary =
          "One row per task outcome: task_id,date,task_type,status,app_name,app_version,etab_name;"
              + " from and to (YYYY-MM-DD) are inclusive and optional")
  @APIResponse(responseCode = "200", description = "CSV with a header line")
  @APIResponse(responseCode = "400", description = "from or to is not a date")
  public Response csv(
      @QueryParam("from") String from, @QueryParam("to") String to, @Context HttpHeaders headers) {
    auth.admin(headers);
    LocalDate start = date("from", from);
    LocalDate end = date("to", to);
    StreamingOutput body =
        out -> log.export(start, end, new OutputStreamWriter(out, StandardCharsets.UTF_8));
    return Response.ok(body, "text/csv; charset=UTF-8")
        .header("Content-Disposition", "attachment; filename=\"task_stats.csv\"")
        .build();
  }

  private static LocalDate date(String name, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return LocalDate.parse(value.strip());
    } catch (DateTimeParseException e) {
      throw ApiError.of(400, name + " must be a date as YYYY-MM-DD");
    }
  }
}
