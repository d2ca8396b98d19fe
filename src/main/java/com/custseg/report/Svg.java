package com.custseg.report;

import java.util.List;
import java.util.Locale;

/**
 * Inline SVG charts drawn from small aggregates, with no script and no external resource, so the report opens
 * anywhere without a network. Every text goes through {@link Html#esc}; each mark carries data-* attributes with its
 * values and a {@code <title>} tooltip.
 */
final class Svg {
  /** Colour-blind friendly palette (Okabe-Ito plus greys), cycled. */
  static final List<String> PALETTE = List.of("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9",
      "#F0E442", "#000000", "#999999", "#6A3D9A");

  /** One bar of a bar chart: a label and a value, with the text shown at its end. */
  record Bar(String label, double value, String shown) {}

  /** One segment of a stacked bar. */
  record Part(String series, double value, String shown) {}

  /** One stacked bar: a label and its parts, in series order. */
  record Stack(String label, List<Part> parts) {}

  /** One line of a line chart: a name and one y per x. */
  record Line(String name, double[] ys) {}

  static String colour(int i) {
    return PALETTE.get(Math.floorMod(i, PALETTE.size()));
  }

  /** Horizontal bars from a zero axis; negative values extend to the left. */
  static String horizontalBars(String title, List<Bar> bars, String colour) {
    int labelWidth = 170;
    int plot = 520;
    int rowHeight = 26;
    int height = 20 + bars.size() * rowHeight + 10;
    double max = bars.stream().mapToDouble(b -> Math.max(b.value(), 0)).max().orElse(0);
    double min = bars.stream().mapToDouble(b -> Math.min(b.value(), 0)).min().orElse(0);
    double span = max - min == 0 ? 1 : max - min;
    double zero = labelWidth + plot * (-min / span);
    StringBuilder s = open(labelWidth + plot + 110, height, title);
    for (int i = 0; i < bars.size(); i++) {
      Bar b = bars.get(i);
      int y = 20 + i * rowHeight;
      double w = plot * Math.abs(b.value()) / span;
      double x = b.value() < 0 ? zero - w : zero;
      s.append(text(labelWidth - 8, y + 15, "end", b.label()));
      s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"18\" fill=\"%s\" "
          + "data-label=\"%s\" data-value=\"%s\"><title>%s: %s</title></rect>", x, y, Math.max(w, 0.5), colour,
          Html.esc(b.label()), Html.esc(b.shown()), Html.esc(b.label()), Html.esc(b.shown())));
      s.append(text((int) Math.max(x + w, zero) + 6, y + 14, "start", b.shown()));
    }
    s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"14\" x2=\"%.1f\" y2=\"%d\" stroke=\"#333\"/>", zero,
        zero, height - 6));
    return s.append("</svg>").toString();
  }

  /** Horizontal stacked bars; parts below zero are not drawn (the tables show them). */
  static String stackedBars(String title, List<Stack> stacks, List<String> series, List<String> seriesLabels) {
    // The label column fits the longest label (about 7 px per terminal column at 12 px, a Chinese character two).
    int labelWidth = Math.max(80, 16 + 7 * stacks.stream().mapToInt(st -> TextTable.displayWidth(st.label()))
        .max().orElse(0));
    int plot = 560;
    int valueWidth = 90;
    int rowHeight = 26;
    int legendRows = (series.size() + 3) / 4;
    int axisY = 20 + stacks.size() * rowHeight;
    int height = axisY + 34 + legendRows * 20;
    double max = stacks.stream()
        .mapToDouble(st -> st.parts().stream().mapToDouble(p -> Math.max(p.value(), 0)).sum()).max().orElse(0);
    double scale = max == 0 ? 0 : plot / max;
    boolean whole = stacks.stream().flatMap(st -> st.parts().stream()).allMatch(p -> p.value() == Math.rint(p.value()));
    String format = whole ? "%,.0f" : "%,.2f";
    StringBuilder s = open(labelWidth + plot + valueWidth, height, title);
    // The value axis: a line with ticks at 0, half and the largest total.
    s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>",
        labelWidth, axisY, labelWidth + plot, axisY));
    for (double f : new double[] {0, 0.5, 1}) {
      int tx = (int) Math.round(labelWidth + f * plot);
      s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>",
          tx, axisY, tx, axisY + 4));
      s.append(text(tx, axisY + 16, f == 0 ? "start" : f == 1 ? "end" : "middle",
          String.format(Locale.ROOT, format, f * max)).replace("<text ", "<text data-axis=\"x\" "));
    }
    for (int i = 0; i < stacks.size(); i++) {
      Stack st = stacks.get(i);
      int y = 20 + i * rowHeight;
      s.append(text(labelWidth - 8, y + 15, "end", st.label()));
      double total = st.parts().stream().mapToDouble(p -> Math.max(p.value(), 0)).sum();
      s.append(text((int) Math.round(labelWidth + total * scale) + 6, y + 14, "start",
          String.format(Locale.ROOT, format, total)).replace("<text ", "<text data-total=\"" + Html.esc(st.label())
          + "\" "));
      double x = labelWidth;
      for (Part p : st.parts()) {
        if (p.value() <= 0) {
          continue;
        }
        double w = p.value() * scale;
        s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"18\" fill=\"%s\" "
            + "stroke=\"#fff\" stroke-width=\"0.5\" data-label=\"%s\" data-series=\"%s\" data-value=\"%s\">"
            + "<title>%s / %s: %s</title></rect>", x, y, w, colour(series.indexOf(p.series())),
            Html.esc(st.label()), Html.esc(p.series()), Html.esc(p.shown()), Html.esc(st.label()),
            Html.esc(seriesLabels.get(series.indexOf(p.series()))), Html.esc(p.shown())));
        x += w;
      }
    }
    int legendY = axisY + 28;
    for (int i = 0; i < series.size(); i++) {
      int lx = 20 + (i % 4) * 190;
      int ly = legendY + (i / 4) * 20;
      s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>", lx, ly,
          colour(i)));
      s.append(text(lx + 18, ly + 11, "start", seriesLabels.get(i)));
    }
    return s.append("</svg>").toString();
  }

  /**
   * A bins x bins grid, x = {@code xName} score 1..bins left to right, y = {@code yName} score bins..1 top to
   * bottom; darker = more customers. {@code counts[x-1][y-1]} holds a cell's count, {@code notes[x-1][y-1]} an
   * optional second line.
   */
  static String heatMap(String title, String xName, String yName, int bins, long[][] counts, String[][] notes) {
    int cell = 62;
    int left = 60;
    int top = 20;
    long max = 1;
    for (long[] column : counts) {
      for (long n : column) {
        max = Math.max(max, n);
      }
    }
    StringBuilder s = open(left + bins * cell + 20, top + bins * cell + 50, title);
    for (int x = 1; x <= bins; x++) {
      for (int y = 1; y <= bins; y++) {
        long n = counts[x - 1][y - 1];
        double shade = n == 0 ? 0 : 0.12 + 0.88 * n / max;
        int px = left + (x - 1) * cell;
        int py = top + (bins - y) * cell;
        String tip = xName + " " + x + " × " + yName + " " + y + ": " + n + " customers"
            + (notes[x - 1][y - 1] == null ? "" : ", mean monetary " + notes[x - 1][y - 1]);
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
            + "fill=\"rgba(0,114,178,%.3f)\" stroke=\"#ccc\" data-%s=\"%d\" data-%s=\"%d\" data-customers=\"%d\">"
            + "<title>%s</title></rect>", px, py, cell, cell, shade, Html.esc(xName.toLowerCase(Locale.ROOT)), x,
            Html.esc(yName.toLowerCase(Locale.ROOT)), y, n, Html.esc(tip)));
        String ink = shade > 0.55 ? "#fff" : "#222";
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"%s\" "
            + "font-size=\"13\">%d</text>", px + cell / 2, py + cell / 2, ink, n));
        if (notes[x - 1][y - 1] != null) {
          s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"%s\" "
              + "font-size=\"10\">%s</text>", px + cell / 2, py + cell / 2 + 15, ink, Html.esc(notes[x - 1][y - 1])));
        }
      }
      s.append(text(left + (x - 1) * cell + cell / 2, top + bins * cell + 18, "middle", String.valueOf(x)));
      s.append(text(left - 10, top + (bins - x) * cell + cell / 2 + 4, "end", String.valueOf(x)));
    }
    s.append(text(left + bins * cell / 2, top + bins * cell + 40, "middle", xName + " score →"));
    s.append(String.format(Locale.ROOT, "<text x=\"16\" y=\"%d\" text-anchor=\"middle\" "
        + "transform=\"rotate(-90 16 %d)\">"
        + "%s</text>", top + bins * cell / 2, top + bins * cell / 2, Html.esc(yName + " score →")));
    return s.append("</svg>").toString();
  }

  /** Lines over named x positions (a snake plot), with a zero line and a legend. */
  static String lines(String title, List<String> xs, List<Line> lines) {
    int left = 60;
    int width = 520;
    int top = 20;
    int height = 240;
    double max = 0.5;
    for (Line l : lines) {
      for (double y : l.ys()) {
        max = Math.max(max, Math.abs(y));
      }
    }
    double limit = Math.ceil(max * 2) / 2;
    StringBuilder s = open(left + width + 170, top + height + 40, title);
    double step = xs.size() > 1 ? (double) width / (xs.size() - 1) : 0;
    java.util.function.DoubleUnaryOperator py = y -> top + height / 2.0 - (y / limit) * (height / 2.0);
    for (double g : new double[] {-limit, 0, limit}) {
      s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\"/>", left,
          py.applyAsDouble(g), left + width, py.applyAsDouble(g), g == 0 ? "#333" : "#ddd"));
      s.append(text(left - 6, (int) py.applyAsDouble(g) + 4, "end", String.format(Locale.ROOT, "%+.1f", g)));
    }
    for (int i = 0; i < xs.size(); i++) {
      s.append(text((int) (left + i * step), top + height + 20, "middle", xs.get(i)));
    }
    for (int li = 0; li < lines.size(); li++) {
      Line l = lines.get(li);
      StringBuilder points = new StringBuilder();
      for (int i = 0; i < l.ys().length; i++) {
        points.append(String.format(Locale.ROOT, "%.1f,%.1f ", left + i * step, py.applyAsDouble(l.ys()[i])));
      }
      s.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2.5\" "
          + "data-line=\"%s\"><title>%s</title></polyline>", points.toString().trim(), colour(li), Html.esc(l.name()),
          Html.esc(l.name())));
      s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>",
          left + width + 30, top + li * 20, colour(li)));
      s.append(text(left + width + 48, top + li * 20 + 11, "start", l.name()));
    }
    return s.append("</svg>").toString();
  }

  /**
   * One series over ordered x labels (an elbow or silhouette curve), y from the smaller of 0 and the lowest value up
   * to the highest; each point carries data-x and data-y, the point at {@code marked} (or none: -1) is drawn larger
   * and dark.
   */
  static String series(String title, String xName, List<String> xs, double[] ys, String yName, String format,
      int marked) {
    int left = 70;
    int width = 340;
    int top = 16;
    int height = 180;
    double low = Math.min(0, java.util.Arrays.stream(ys).min().orElse(0));
    double high = Math.max(0, java.util.Arrays.stream(ys).max().orElse(0));
    double span = high - low == 0 ? 1 : high - low;
    double step = xs.size() > 1 ? (double) width / (xs.size() - 1) : 0;
    java.util.function.DoubleUnaryOperator py = y -> top + height - (y - low) / span * height;
    StringBuilder s = open(left + width + 30, top + height + 44, title);
    for (double g : new double[] {low, high}) {
      s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>",
          left, py.applyAsDouble(g), left + width, py.applyAsDouble(g)));
      s.append(text(left - 6, (int) py.applyAsDouble(g) + 4, "end", String.format(Locale.ROOT, format, g)));
    }
    if (low < 0) {
      s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#333\"/>",
          left, py.applyAsDouble(0), left + width, py.applyAsDouble(0)));
    }
    StringBuilder points = new StringBuilder();
    for (int i = 0; i < ys.length; i++) {
      points.append(String.format(Locale.ROOT, "%.1f,%.1f ", left + i * step, py.applyAsDouble(ys[i])));
    }
    s.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>",
        points.toString().trim(), colour(0)));
    for (int i = 0; i < ys.length; i++) {
      String shown = String.format(Locale.ROOT, format, ys[i]);
      s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%d\" fill=\"%s\" data-x=\"%s\" "
          + "data-y=\"%s\"><title>%s: %s</title></circle>", left + i * step, py.applyAsDouble(ys[i]),
          i == marked ? 6 : 4, i == marked ? colour(3) : colour(0), Html.esc(xs.get(i)), Html.esc(shown),
          Html.esc(xs.get(i)), Html.esc(yName + " " + shown)));
      s.append(text((int) (left + i * step), top + height + 18, "middle", xs.get(i)));
    }
    s.append(text(left + width / 2, top + height + 38, "middle", xName + " →"));
    return s.append("</svg>").toString();
  }

  /**
   * Vertical bars in groups: one group per label, one bar per series (coloured by series, with a legend);
   * {@code values.get(g)[s]} is the value of series s in group g, shown with {@code format}. Values below 0 are drawn
   * as 0.
   */
  static String groupedBars(String title, List<String> labels, List<String> series, List<double[]> values,
      String format) {
    int left = 60;
    int top = 20;
    int height = 200;
    int bar = 18;
    int group = series.size() * bar + 16;
    int width = Math.max(labels.size() * group, 200);
    double max = values.stream().flatMapToDouble(java.util.Arrays::stream).max().orElse(0);
    double scale = max <= 0 ? 0 : height / max;
    StringBuilder s = open(left + width + 20, top + height + 60, title);
    s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>", left,
        top + height, left + width, top + height));
    s.append(text(left - 6, top + 4, "end", String.format(Locale.ROOT, format, max)));
    s.append(text(left - 6, top + height + 4, "end", "0"));
    for (int g = 0; g < labels.size(); g++) {
      int gx = left + g * group + 8;
      for (int k = 0; k < series.size(); k++) {
        double v = values.get(g)[k];
        double hgt = Math.max(v, 0) * scale;
        String shown = String.format(Locale.ROOT, format, v);
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"%s\" "
            + "data-label=\"%s\" data-series=\"%s\" data-value=\"%s\"><title>%s, %s: %s</title></rect>",
            gx + k * bar, top + height - hgt, bar - 2, Math.max(hgt, 0.5), colour(k), Html.esc(labels.get(g)),
            Html.esc(series.get(k)), Html.esc(shown), Html.esc(labels.get(g)), Html.esc(series.get(k)),
            Html.esc(shown)));
      }
      s.append(text(gx + series.size() * bar / 2, top + height + 16, "middle", labels.get(g)));
    }
    for (int k = 0; k < series.size(); k++) {
      int lx = left + k * 120;
      s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>", lx,
          top + height + 32, colour(k)));
      s.append(text(lx + 18, top + height + 43, "start", series.get(k)));
    }
    return s.append("</svg>").toString();
  }

  private static StringBuilder open(int width, int height, String title) {
    return new StringBuilder(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
        + "height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\" font-family=\"sans-serif\" "
        + "font-size=\"12\">", width, height, width, height, Html.esc(title)));
  }

  private static String text(int x, int y, String anchor, String value) {
    return String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"%s\">%s</text>", x, y, anchor,
        Html.esc(value));
  }

  private Svg() {}
}
