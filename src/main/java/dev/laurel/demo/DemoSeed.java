package dev.laurel.demo;

import dev.laurel.account.Accounts;
import dev.laurel.account.Role;
import dev.laurel.account.User;
import dev.laurel.campaign.Campaign;
import dev.laurel.campaign.Campaigns;
import dev.laurel.campaign.TaskKind;
import dev.laurel.model.Candidate;
import dev.laurel.model.Candidates;
import dev.laurel.platform.Upload;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The embedded default's demo: documented logins and one open pairwise campaign, created through the
 * same services the API uses. Runs once, on an empty database, when {@code laurel.demo.seed=true}.
 */
@ApplicationScoped
public class DemoSeed {
    /** Demo logins, listed in README; for a local demo only, never for a deployment. */
    public static final String PASSWORD = "laurel-demo";

    private final Accounts accounts;
    private final Campaigns campaigns;
    private final Candidates candidates;
    private final boolean enabled;

    DemoSeed(Accounts accounts, Campaigns campaigns, Candidates candidates,
             @ConfigProperty(name = "laurel.demo.seed") boolean enabled) {
        this.accounts = accounts;
        this.campaigns = campaigns;
        this.candidates = candidates;
        this.enabled = enabled;
    }

    void onStart(@Observes StartupEvent event) {
        if (enabled && User.count() == 0) {
            QuarkusTransaction.requiringNew().run(this::seed);
            Log.info("Demo seeded: log in as admin, modeler, alice, bob or carol with password '" + PASSWORD + "'");
        }
    }

    void seed() {
        accounts.register("admin", PASSWORD, Role.ADMIN, null);
        User modeler = accounts.register("modeler", PASSWORD, Role.MODELER, "Acme Models");
        for (String labeler : new String[] {"alice", "bob", "carol"}) {
            accounts.register(labeler, PASSWORD, Role.LABELER, null);
        }
        Campaign campaign = campaigns.create(modeler, new Campaigns.NewCampaign(
                "Helpful everyday answers",
                "Which assistant reply is more helpful, correct and clear?",
                "Read the prompt, then both replies. Prefer the reply that is **correct**, answers what was asked, "
                        + "and is clear. Length alone is not a virtue. Choose *Both bad* when neither is acceptable.",
                TaskKind.PAIRWISE, 3, null));
        campaigns.uploadPrompts(modeler, campaign.id, resource("prompts.jsonl"), Upload.Format.JSONL);
        upload(modeler, campaign, "concise-v1", "outputs-concise.jsonl");
        upload(modeler, campaign, "chatty-v2", "outputs-chatty.jsonl");
        campaigns.open(modeler, campaign.id);
    }

    private void upload(User modeler, Campaign campaign, String name, String file) {
        Candidate candidate = candidates.register(modeler, new Candidates.NewCandidate(name, Candidate.Kind.UPLOADED_OUTPUTS));
        candidates.uploadOutputs(modeler, campaign.id, candidate.id, resource(file), Upload.Format.JSONL);
    }

    private static String resource(String name) {
        try (InputStream in = DemoSeed.class.getResourceAsStream("/demo/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("Demo resource missing: " + name, e);
        }
    }
}
