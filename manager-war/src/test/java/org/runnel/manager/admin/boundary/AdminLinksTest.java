package org.runnel.manager.admin.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AdminLinksTest {

  @Test
  void theOriginIsSchemeAndAuthorityOfAnHttpUrlWithoutPath() {
    assertEquals("https://runnel.example.org", AdminLinks.origin("https://runnel.example.org/"));
    assertEquals("http://10.0.0.5:8081", AdminLinks.origin(" HTTP://10.0.0.5:8081 "));
    assertEquals("", AdminLinks.origin(""));
    assertEquals("", AdminLinks.origin("https://runnel.example.org/admin"), "a path is refused");
    assertEquals("", AdminLinks.origin("https://u:p@runnel.example.org"), "credentials refused");
    assertEquals("", AdminLinks.origin("ftp://runnel.example.org"));
    assertEquals("", AdminLinks.origin("not a url"));
  }

  @Test
  void aLocationKeepsOnlyThePathAndQueryOfItsTarget() {
    String origin = "https://runnel.example.org";
    assertEquals(
        origin + "/admin/login.xhtml",
        AdminLinks.location(origin, "/admin/tasks.xhtml", "/admin/login.xhtml"));
    assertEquals(
        "/admin/login.xhtml",
        AdminLinks.location("", "/admin/tasks.xhtml", "http://evil.example/admin/login.xhtml"),
        "an absolute target built from Host loses its origin");
    assertEquals(
        "/admin/index.xhtml?x=1", AdminLinks.location("", "/admin/tasks.xhtml", "index.xhtml?x=1"));
    assertEquals(
        origin + "/",
        AdminLinks.location(origin, "/admin/tasks.xhtml", "//evil.example"),
        "a network-path reference stays on the manager");
  }
}
