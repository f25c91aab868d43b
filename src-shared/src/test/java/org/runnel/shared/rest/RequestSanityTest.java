package org.runnel.shared.rest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The request-line and header rules of the first servlet filter. */
class RequestSanityTest {

  @Test
  void percentEscapesMustBeTwoHexDigits() {
    assertTrue(RequestSanity.validEscapes(null));
    assertTrue(RequestSanity.validEscapes("/task/status/%2e%2E%41"));
    assertTrue(RequestSanity.validEscapes("a=%20&b=%ff"));
    for (String bad : new String[] {"%zz", "%", "%e", "/a%", "%%32%65", "%uff0e", "%G0", "a=%2"}) {
      assertFalse(RequestSanity.validEscapes(bad), bad);
    }
  }

  @Test
  void charsetsMustBeKnownToTheJvm() {
    assertTrue(RequestSanity.knownCharset("application/json"));
    assertTrue(RequestSanity.knownCharset("application/json; charset=utf-8"));
    assertTrue(RequestSanity.knownCharset("application/json;charset=\"UTF-8\""));
    for (String bad :
        new String[] {
          "application/json; charset=nonsense",
          "application/json; charset=",
          "text/plain; charset=../x"
        }) {
      assertFalse(RequestSanity.knownCharset(bad), bad);
    }
  }

  @Test
  void mediaTypesMustBeTypeSlashSubtype() {
    assertTrue(RequestSanity.mediaType("application/json"));
    assertTrue(RequestSanity.mediaType("application/problem+json; charset=utf-8"));
    for (String bad : new String[] {"garbage", "/", "application/", "é/é", "a b/c"}) {
      assertFalse(RequestSanity.mediaType(bad), bad);
    }
  }

  @Test
  void targetsHoldOnlyUriCharacters() {
    assertTrue(RequestSanity.uriCharacters("/task/result/t1/file/720p_v.m3u8"));
    assertTrue(RequestSanity.uriCharacters("a=1&b=%20;c=~'()*+,:@/?"));
    for (String bad :
        new String[] {"/task/${jndi:x}", "/a b", "/a\"b", "/a<b>", "/a\\b", "/é", "/a|b"}) {
      assertFalse(RequestSanity.uriCharacters(bad), bad);
    }
  }
}
