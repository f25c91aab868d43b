package org.runnel.runner.encoding.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressParserTest {

  @Test
  void turnsTheTimePositionIntoAPercentageAndAnEstimateOfTheTimeLeft() {
    List<ProgressParser.Report> reports = new ArrayList<>();
    ProgressParser parser = new ProgressParser(60, reports::add, 0);
    parser.accept("out_time_us=N/A", 1_000_000_000L);
    parser.accept("progress=continue", 1_000_000_000L);
    parser.accept("frame=450", 10_000_000_000L);
    parser.accept("out_time_us=15000000", 10_000_000_000L);
    parser.accept("progress=continue", 10_000_000_000L);
    parser.accept("out_time_us=60000000", 40_000_000_000L);
    parser.accept("progress=end", 40_000_000_000L);

    assertEquals(new ProgressParser.Report(0, null), reports.get(0));
    assertEquals(new ProgressParser.Report(25, 30L), reports.get(1));
    assertEquals(99, reports.get(2).percent(), "100 only once the outputs are checked");
  }
}
