package dev.laurel.demo;

import dev.laurel.account.Accounts;
import dev.laurel.account.Role;
import dev.laurel.account.User;
import dev.laurel.campaign.Campaign;
import dev.laurel.campaign.Campaigns;
import dev.laurel.campaign.KindSettings;
import dev.laurel.campaign.TaskKind;
import dev.laurel.model.Candidate;
import dev.laurel.model.Candidates;
import dev.laurel.model.CharLstmTraining;
import dev.laurel.model.Generators;
import dev.laurel.model.ModelArtifacts;
import dev.laurel.model.ModelConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import dev.laurel.platform.Upload;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The embedded default's demo: documented logins and open campaigns (pairwise, rubric, correction,
 * categorical) on one prompt set, created through the same services the API uses. Runs once, on an empty database, when {@code laurel.demo.seed=true}.
 */
@ApplicationScoped
public class DemoSeed {
    /** Demo logins, listed in README; for a local demo only, never for a deployment. */
    public static final String PASSWORD = "laurel-demo";

    private final Accounts accounts;
    private final Campaigns campaigns;
    private final Candidates candidates;
    private final boolean enabled;
    private final boolean withModel;
    private final Generators generators;
    private final Path modelCache;

    DemoSeed(Accounts accounts, Campaigns campaigns, Candidates candidates, Generators generators, ModelConfig models,
             @ConfigProperty(name = "laurel.demo.seed") boolean enabled,
             @ConfigProperty(name = "laurel.demo.model", defaultValue = "true") boolean withModel) {
        this.accounts = accounts;
        this.campaigns = campaigns;
        this.candidates = candidates;
        this.generators = generators;
        this.enabled = enabled;
        this.withModel = withModel;
        this.modelCache = Path.of(models.store()).resolve("demo-tiny-chat.zip");
    }

    void onStart(@Observes StartupEvent event) {
        if (enabled && User.count() == 0) {
            long campaign = QuarkusTransaction.requiringNew().call(this::seed);
            Log.info("Demo seeded: log in as admin, modeler, alice, bob or carol with password '" + PASSWORD + "'");
            if (withModel) {
                // training takes seconds: do not hold up startup; the model's tasks join the campaign when ready
                Thread trainer = new Thread(() -> addTinyModel(campaign), "demo-model");
                trainer.setDaemon(true);
                trainer.start();
            }
        }
    }

    /**
     * A generating candidate made by Laurel itself: a char-lstm trained on concise-v1's replies (a few
     * seconds, once; the zip is cached next to the model store), uploaded and entered like any other.
     */
    void addTinyModel(long campaignId) {
        try {
            byte[] zip;
            if (Files.exists(modelCache)) {
                zip = Files.readAllBytes(modelCache);
            } else {
                zip = CharLstmTraining.train(tinyModelCorpus(), "Q: {prompt}\nA:", END,
                        new CharLstmTraining.Settings(64, 1, 48, 16, 120, 0.01f, 11)).zip();
                Files.createDirectories(modelCache.getParent());
                Files.write(modelCache, zip);
            }
            ModelArtifacts.Stored stored = generators.artifacts().store(zip);
            QuarkusTransaction.requiringNew().run(() -> {
                User modeler = User.findByUsername("modeler");
                Candidate candidate = candidates.register(modeler, new Candidates.NewCandidate("tiny-char-lstm",
                        Candidate.Kind.DJL_ARTIFACT, 0.7, 0.9, 160, 1L, null, null, null));
                candidates.attachArtifact(modeler, candidate.id, stored);
                candidates.enter(modeler, campaignId, candidate.id);
            });
            Log.info("Demo: tiny-char-lstm (trained by Laurel) entered the demo campaign; its replies are being generated");
        } catch (IOException | RuntimeException e) {
            Log.warnf("Demo: the tiny model could not be added: %s", e.getMessage());
        }
    }

    private static final char END = '\u0003';

    private static String tinyModelCorpus() {
        Map<String, String> prompts = new java.util.HashMap<>();
        for (String line : resource("prompts.jsonl").split("\n")) {
            if (!line.isBlank()) {
                var row = new io.vertx.core.json.JsonObject(line);
                prompts.put(row.getString("id"), row.getString("prompt"));
            }
        }
        StringBuilder text = new StringBuilder();
        for (int copy = 0; copy < 3; copy++) {
            for (String line : resource("outputs-concise.jsonl").split("\n")) {
                if (!line.isBlank()) {
                    var row = new io.vertx.core.json.JsonObject(line);
                    text.append("Q: ").append(prompts.get(row.getString("prompt_id"))).append("\nA: ")
                            .append(row.getString("output")).append(END).append('\n');
                }
            }
        }
        return text.toString();
    }

    long seed() {
        accounts.register("admin", PASSWORD, Role.ADMIN, null);
        User modeler = accounts.register("modeler", PASSWORD, Role.MODELER, "Acme Models");
        for (String labeler : new String[] {"alice", "bob", "carol"}) {
            accounts.register(labeler, PASSWORD, Role.LABELER, null);
        }
        Candidate concise = candidates.register(modeler, new Candidates.NewCandidate("concise-v1", Candidate.Kind.UPLOADED_OUTPUTS));
        Candidate chatty = candidates.register(modeler, new Candidates.NewCandidate("chatty-v2", Candidate.Kind.UPLOADED_OUTPUTS));
        // the other task kinds on the same prompts, made first so that the pairwise campaign is listed on top
        open(modeler, new Campaigns.NewCampaign("Sort the question",
                "What kind of request is each prompt?", "Pick the label that fits the prompt best.",
                TaskKind.CATEGORICAL, 3, null, new KindSettings(null, null, null, null, null,
                List.of("advice", "how-to", "facts", "creative"), false, KindSettings.Target.PROMPT, null)));
        open(modeler, new Campaigns.NewCampaign("Fix the reply",
                "Edit replies into what they should have said.", "Correct mistakes; keep what is right.",
                TaskKind.CORRECTION, 2, null, null), concise);
        open(modeler, new Campaigns.NewCampaign("Rate everyday answers",
                "Rate each reply on a 5-point scale.", "1 is very poor, 5 is excellent.",
                TaskKind.RUBRIC, 3, null, new KindSettings(null, null, null, List.of(
                        new KindSettings.Dimension("helpfulness", "Does it answer what was asked?"),
                        new KindSettings.Dimension("honesty", "Is everything it states true?"),
                        new KindSettings.Dimension("clarity", "Is it easy to follow?")), 5, null, null, null, null)),
                concise, chatty);
        return open(modeler, new Campaigns.NewCampaign("Helpful everyday answers",
                "Which assistant reply is more helpful, correct and clear?",
                "Read the prompt, then both replies. Prefer the reply that is **correct**, answers what was asked, "
                        + "and is clear. Length alone is not a virtue. Choose *Both bad* when neither is acceptable.",
                TaskKind.PAIRWISE, 3, null), concise, chatty);
    }

    /** Creates, fills and opens a campaign; returns its id. */
    private long open(User modeler, Campaigns.NewCampaign request, Candidate... answering) {
        Campaign campaign = campaigns.create(modeler, request);
        campaigns.uploadPrompts(modeler, campaign.id, resource("prompts.jsonl"), Upload.Format.JSONL);
        for (Candidate candidate : answering) {
            String file = candidate.name.startsWith("concise") ? "outputs-concise.jsonl" : "outputs-chatty.jsonl";
            candidates.uploadOutputs(modeler, campaign.id, candidate.id, resource(file), Upload.Format.JSONL);
        }
        campaigns.open(modeler, campaign.id);
        return campaign.id;
    }

    private static String resource(String name) {
        try (InputStream in = DemoSeed.class.getResourceAsStream("/demo/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("Demo resource missing: " + name, e);
        }
    }
}
