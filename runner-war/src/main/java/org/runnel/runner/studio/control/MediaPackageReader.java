package org.runnel.runner.studio.control;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.runnel.runner.studio.entity.MediaPackage;
import org.runnel.runner.tasks.entity.TaskFailure;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Reads an Opencast mediapackage XML (any namespace): the {@code track}s of type {@code
 * presentation/*} and {@code presenter/*} with their {@code url}, and the {@code catalog} of type
 * {@code smil/cutting}; and reads a SMIL cutting catalog into the segments to keep ({@code video}
 * elements' {@code clipBegin}/{@code clipEnd}). External entities are refused.
 */
public final class MediaPackageReader {

  static final String INVALID =
      "The studio recording description (mediapackage) could not be read: please record again";

  private MediaPackageReader() {}

  public static MediaPackage read(Path file) throws TaskFailure {
    Document doc = parse(file);
    String presentation = null;
    String presenter = null;
    String smil = null;
    NodeList tracks = doc.getElementsByTagNameNS("*", "track");
    for (int i = 0; i < tracks.getLength(); i++) {
      Element track = (Element) tracks.item(i);
      String type = track.getAttribute("type").toLowerCase(Locale.ROOT);
      String url = child(track, "url");
      if (type.startsWith("presentation/") && presentation == null) {
        presentation = url;
      } else if (type.startsWith("presenter/") && presenter == null) {
        presenter = url;
      }
    }
    NodeList catalogs = doc.getElementsByTagNameNS("*", "catalog");
    for (int i = 0; i < catalogs.getLength(); i++) {
      Element catalog = (Element) catalogs.item(i);
      if (catalog.getAttribute("type").toLowerCase(Locale.ROOT).startsWith("smil/")) {
        smil = child(catalog, "url");
      }
    }
    if (presentation == null && presenter == null) {
      throw TaskFailure.failed(INVALID);
    }
    String layout = doc.getDocumentElement().getAttribute("presenter").trim();
    return new MediaPackage(
        presentation, presenter, smil, layout.isEmpty() ? null : layout.toLowerCase(Locale.ROOT));
  }

  /** The segments a SMIL cutting catalog keeps, in order. */
  public static List<MediaPackage.Segment> segments(Path smil) throws TaskFailure {
    Document doc = parse(smil);
    List<MediaPackage.Segment> kept = new ArrayList<>();
    NodeList pars = doc.getElementsByTagNameNS("*", "par");
    for (int i = 0; i < pars.getLength(); i++) {
      NodeList videos = ((Element) pars.item(i)).getElementsByTagNameNS("*", "video");
      if (videos.getLength() == 0) {
        continue;
      }
      Element v = (Element) videos.item(0);
      double start = clock(v.getAttribute("clipBegin"));
      double end = clock(v.getAttribute("clipEnd"));
      if (end > start) {
        kept.add(new MediaPackage.Segment(start, end));
      }
    }
    return kept;
  }

  /** A SMIL clock value: {@code 12.5s}, {@code 1500ms}, {@code 00:01:02.5} or seconds. */
  static double clock(String value) {
    String v = value == null ? "" : value.trim();
    try {
      if (v.endsWith("ms")) {
        return Double.parseDouble(v.substring(0, v.length() - 2)) / 1000;
      }
      if (v.endsWith("s")) {
        return Double.parseDouble(v.substring(0, v.length() - 1));
      }
      double total = 0;
      for (String part : v.split(":")) {
        total = total * 60 + Double.parseDouble(part);
      }
      return total;
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static String child(Element parent, String name) {
    NodeList nodes = parent.getElementsByTagNameNS("*", name);
    return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().trim();
  }

  private static Document parse(Path file) throws TaskFailure {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      factory.setExpandEntityReferences(false);
      DocumentBuilder builder = factory.newDocumentBuilder();
      return builder.parse(new ByteArrayInputStream(Files.readAllBytes(file)));
    } catch (ParserConfigurationException | SAXException | IOException | RuntimeException e) {
      throw TaskFailure.failed(INVALID);
    }
  }
}
