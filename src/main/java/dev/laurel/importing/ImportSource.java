package dev.laurel.importing;

import dev.laurel.campaign.Campaign;
import java.util.List;

/** A foreign annotation format: reads a whole file into records, adding one "where: why" error per bad record. */
interface ImportSource {
    /** The name stored as the answers' source ({@code submission.source}), e.g. "arena". */
    String name();

    List<ImportedRecord> read(String text, Campaign campaign, List<String> errors);
}
