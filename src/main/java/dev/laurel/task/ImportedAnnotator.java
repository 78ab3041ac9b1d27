package dev.laurel.task;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Entity;

/**
 * Who gave an imported answer, as its source named them: provenance, not an account. A record that
 * names nobody gets an annotator of its own (null pseudonym), so its answer never merges with another's.
 */
@Entity
public class ImportedAnnotator extends PanacheEntity {
    public long campaignId;
    public String source;
    public String pseudonym;
}
