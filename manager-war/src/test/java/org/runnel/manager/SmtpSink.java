package org.runnel.manager;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Just enough SMTP on 127.0.0.1 to receive the manager's mails: greets, accepts every command, and
 * keeps each message's DATA (headers and body) for the test to read. No external mail server.
 */
final class SmtpSink implements AutoCloseable {

  final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
  private final ServerSocket socket;
  private final Thread acceptor;

  SmtpSink() throws IOException {
    socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    acceptor = new Thread(this::accept, "smtp-sink");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return socket.getLocalPort();
  }

  private void accept() {
    while (!socket.isClosed()) {
      try (Socket s = socket.accept()) {
        converse(s);
      } catch (IOException e) {
        // closed, or a client that hung up: next one
      }
    }
  }

  private void converse(Socket s) throws IOException {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
    OutputStream out = s.getOutputStream();
    say(out, "220 sink ESMTP");
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      String verb = line.length() < 4 ? line : line.substring(0, 4).toUpperCase(Locale.ROOT);
      switch (verb) {
        case "DATA" -> {
          say(out, "354 end with .");
          StringBuilder data = new StringBuilder();
          for (String l = in.readLine(); l != null && !l.equals("."); l = in.readLine()) {
            data.append(l.startsWith("..") ? l.substring(1) : l).append('\n');
          }
          messages.add(data.toString());
          say(out, "250 queued");
        }
        case "QUIT" -> {
          say(out, "221 bye");
          return;
        }
        default -> say(out, "250 ok");
      }
    }
  }

  private static void say(OutputStream out, String line) throws IOException {
    out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
