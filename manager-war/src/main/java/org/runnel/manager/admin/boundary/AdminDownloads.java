package org.runnel.manager.admin.boundary;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.WebApplicationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * Downloads for a logged-in administrator (under {@code /admin/}, so the login constraint covers
 * them): {@code /admin/download/statistics.csv?from=&to=} (the statistics CSV for a date range,
 * like {@code /admin-api/statistics.csv} but with the session instead of a token) and {@code
 * /admin/download/result/<task>/<path>} (a result file streamed from its runner).
 */
@WebServlet("/admin/download/*")
public class AdminDownloads extends HttpServlet {

  private static final long serialVersionUID = 1L;
  static final String RESULT = "/result/";

  @Inject AdminConsole console;

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String path = req.getPathInfo() == null ? "" : req.getPathInfo();
    try {
      if (path.equals("/statistics.csv")) {
        csv(req, resp);
      } else if (path.startsWith(RESULT) && path.indexOf('/', RESULT.length()) > 0) {
        int slash = path.indexOf('/', RESULT.length());
        result(path.substring(RESULT.length(), slash), path.substring(slash + 1), resp);
      } else {
        resp.sendError(404, "Not found");
      }
    } catch (WebApplicationException e) {
      resp.sendError(e.getResponse().getStatus(), e.getMessage());
    }
  }

  private void csv(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    LocalDate from;
    LocalDate to;
    try {
      from = date(req.getParameter("from"));
      to = date(req.getParameter("to"));
    } catch (DateTimeParseException e) {
      resp.sendError(400, "from and to must be dates as YYYY-MM-DD");
      return;
    }
    resp.setContentType("text/csv; charset=UTF-8");
    resp.setHeader("Content-Disposition", "attachment; filename=\"task_stats.csv\"");
    Writer out = new OutputStreamWriter(resp.getOutputStream(), StandardCharsets.UTF_8);
    console.exportStatistics(from, to, out);
    out.flush();
  }

  private static LocalDate date(String value) {
    return value == null || value.isBlank() ? null : LocalDate.parse(value.strip());
  }

  private void result(String taskId, String file, HttpServletResponse resp) throws IOException {
    HttpResponse<InputStream> r = console.resultFile(taskId, file);
    try (InputStream body = r.body()) {
      if (r.statusCode() != 200) {
        resp.sendError(502, "Runner answered " + r.statusCode());
        return;
      }
      r.headers().firstValue("Content-Type").ifPresent(resp::setContentType);
      body.transferTo(resp.getOutputStream());
    }
  }
}
