package dev.laurel.arena;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The win-rate heatmap of a leaderboard as a table: per pair of models (row against column), the share of their
 * decided tasks (majority not a tie) the row model won, with the counts it comes from. The numbers are the content;
 * the shade ({@code heat-0} … {@code heat-10}, a CSS class: the CSP forbids inline style) only repeats them. Pure.
 */
public final class WinRateHeatmap {

    /**
     * One cell. {@code share} "67%" (or "–" when no task between them was decided, "" on the diagonal);
     * {@code counts} "8 of 12" and the ties; {@code label} the whole sentence for a screen reader's cell title.
     */
    public record Cell(String share, String counts, String label, String shade) {
    }

    public record Row(String model, List<Cell> cells) {
    }

    public record Heatmap(List<String> models, List<Row> rows) {
        public boolean isEmpty() {
            return rows.isEmpty();
        }
    }

    private WinRateHeatmap() {
    }

    public static Heatmap of(Leaderboard.Board board) {
        List<String> models = board.models().stream().map(Leaderboard.Standing::name).toList();
        List<Row> rows = new ArrayList<>();
        for (int r = 0; r < models.size(); r++) {
            List<Cell> cells = new ArrayList<>();
            for (int c = 0; c < models.size(); c++) {
                if (r == c) {
                    cells.add(new Cell("", "", models.get(r) + " against itself", "heat-self"));
                    continue;
                }
                int won = board.won().get(r).get(c);
                int ties = board.ties().get(r).get(c);
                int decided = board.items().get(r).get(c) - ties;
                String tied = ties == 0 ? "" : ", " + ties + (ties == 1 ? " tie" : " ties");
                if (decided == 0) {
                    String counts = board.items().get(r).get(c) == 0 ? "not compared" : "none decided" + tied;
                    cells.add(new Cell("–", counts, models.get(r) + " against " + models.get(c) + ": " + counts, "heat-none"));
                    continue;
                }
                double share = (double) won / decided;
                String percent = String.format(Locale.ROOT, "%.0f%%", 100 * share);
                String counts = won + " of " + decided + tied;
                cells.add(new Cell(percent, counts, models.get(r) + " beat " + models.get(c) + " in " + won + " of "
                        + decided + " decided tasks (" + percent + ")" + tied, "heat-" + Math.round(share * 10)));
            }
            rows.add(new Row(models.get(r), List.copyOf(cells)));
        }
        return new Heatmap(models, List.copyOf(rows));
    }
}
