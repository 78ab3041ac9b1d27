package dev.laurel.quality;

import dev.laurel.account.Accounts;
import dev.laurel.account.Role;
import dev.laurel.account.User;
import dev.laurel.account.Viewer;
import dev.laurel.campaign.Campaign;
import dev.laurel.campaign.CampaignConfig;
import dev.laurel.campaign.Campaigns;
import dev.laurel.campaign.KindSettings;
import dev.laurel.campaign.TaskKind;
import dev.laurel.campaign.kind.Checks;
import dev.laurel.campaign.kind.pairwise.PairwiseKind;
import dev.laurel.platform.Problem;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jboss.resteasy.reactive.RestForm;

/**
 * The "New campaign" wizard: name and instructions (markdown, previewed through the sanitizer), the kind and its
 * settings, overlap, quality (gold and honeypot rates, at least the platform's gold floor together), then review
 * and create. Each change of the form is checked on the server as the team types ({@code check}: the same rules
 * as creating, {@link KindSettings#validated} and the floor), so the review step shows what creating would say.
 */
@Path("/campaigns/new")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({Role.MODELER, Role.ADMIN})
public class NewCampaignPages {
    private final NewCampaigns newCampaigns;
    private final Accounts accounts;
    private final SecurityIdentity identity;
    private final CampaignConfig campaignConfig;
    private final QualityConfig qualityConfig;

    NewCampaignPages(NewCampaigns newCampaigns, Accounts accounts, SecurityIdentity identity, CampaignConfig campaignConfig,
                     QualityConfig qualityConfig) {
        this.newCampaigns = newCampaigns;
        this.accounts = accounts;
        this.identity = identity;
        this.campaignConfig = campaignConfig;
        this.qualityConfig = qualityConfig;
    }

    /** The wizard's fields, as the form posts them (every kind's fields; only the chosen kind's are used). */
    public static class Form {
        @RestForm public String name;
        @RestForm public String description;
        @RestForm public String instructions;
        @RestForm public String systemPrompt;
        @RestForm public String kind;
        @RestForm public String overlap;
        /** PAIRWISE: flags, comma-separated; empty for none. */
        @RestForm public String flags;
        @RestForm public String pairsPerPrompt;
        @RestForm public String k;
        @RestForm public String topK;
        /** RUBRIC: one dimension a line, "name: what it means". */
        @RestForm public String dimensions;
        @RestForm public String scale;
        /** CATEGORICAL: one label a line. */
        @RestForm public String labels;
        @RestForm public String multi;
        @RestForm public String target;
        /** Percent. */
        @RestForm public String goldRate;
        @RestForm public String honeypotRate;

        public String getKindName() {
            return kind == null || kind.isBlank() ? TaskKind.PAIRWISE.name() : kind.strip().toUpperCase(Locale.ROOT);
        }

        public boolean isMultiChecked() {
            return multi != null && !multi.isBlank();
        }

        /** The kind-specific fields by their {@link KindSettings} names, for the kind to read. */
        Map<String, String> settingFields() {
            Map<String, String> fields = new HashMap<>();
            fields.put("flags", flags);
            fields.put("pairsPerPrompt", pairsPerPrompt);
            fields.put("k", k);
            fields.put("topK", topK);
            fields.put("dimensions", dimensions);
            fields.put("scale", scale);
            fields.put("labels", labels);
            fields.put("multi", multi);
            fields.put("target", target);
            return fields;
        }
    }

    /** What the values would make, or what stands in the way. */
    public record Check(List<String> problems, String summary, String instructions, String kind, int overlap,
                        String goldRate, String honeypotRate, String systemPrompt) {
        public boolean isOk() {
            return problems.isEmpty();
        }
    }

    /** A kind the wizard offers, with a sentence on what labelers do. */
    public record Kind(String name, String title, String explanation) {
    }

    static final List<Kind> KINDS = Arrays.stream(TaskKind.values())
            .map(kind -> new Kind(kind.name(), kind.spec().title(), kind.spec().explanation())).toList();

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance wizard(Viewer me, Form form, List<Kind> kinds, String floor, Check check);

        static native TemplateInstance wizard$check(Check check);
    }

    @GET
    public TemplateInstance wizard() {
        User me = accounts.current(identity);
        Form form = new Form();
        form.kind = TaskKind.PAIRWISE.name();
        form.overlap = String.valueOf(campaignConfig.defaultOverlap());
        form.flags = String.join(", ", PairwiseKind.DEFAULT_FLAGS);
        form.k = "";
        form.scale = "5";
        form.target = KindSettings.Target.PROMPT.name();
        form.goldRate = percent(Math.max(qualityConfig.goldRate(), newCampaigns.goldFloor()));
        form.honeypotRate = percent(qualityConfig.honeypotRate());
        return Templates.wizard(Viewer.of(me), form, KINDS, percent(newCampaigns.goldFloor()), check(form));
    }

    /** The live check: the form as it is now, checked as creating would check it (htmx swaps it in). */
    @POST
    @Path("check")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance checkFragment(@BeanParam Form form) {
        return Templates.wizard$check(check(form));
    }

    /** Creates the draft campaign and opens its page; a problem shows the wizard again with every problem listed. */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(Role.MODELER)
    public Response create(@BeanParam Form form) {
        User me = accounts.current(identity);
        Check check = check(form);
        if (!check.isOk()) {
            return Response.status(400).entity(Templates.wizard(Viewer.of(me), form, KINDS, percent(newCampaigns.goldFloor()), check))
                    .type(MediaType.TEXT_HTML_TYPE).build();
        }
        Parsed parsed = parse(form, new ArrayList<>());
        Campaign campaign = newCampaigns.create(me, parsed.campaign(), parsed.goldRate(), parsed.honeypotRate());
        return Response.seeOther(URI.create("/campaigns/" + campaign.id)).build();
    }

    private record Parsed(Campaigns.NewCampaign campaign, double goldRate, double honeypotRate) {
    }

    Check check(Form form) {
        List<String> problems = new ArrayList<>();
        Parsed parsed = parse(form, problems);
        String summary = "";
        problems.addAll(newCampaigns.check(parsed.campaign(), parsed.goldRate(), parsed.honeypotRate()));
        if (problems.isEmpty()) {
            summary = KindSettings.validated(parsed.campaign().kind(), parsed.campaign().settings()).summary(parsed.campaign().kind());
        }
        Integer overlap = parsed.campaign() == null ? null : parsed.campaign().overlap();
        return new Check(List.copyOf(problems), summary == null ? "" : summary, form.instructions == null ? "" : form.instructions,
                form.getKindName(), overlap == null ? 0 : overlap, blankAsZero(form.goldRate), blankAsZero(form.honeypotRate),
                form.systemPrompt == null ? "" : form.systemPrompt.strip());
    }

    /** The form as the service takes it; what cannot be read at all (a word where a number goes) is a problem. */
    private static Parsed parse(Form form, List<String> problems) {
        TaskKind kind;
        try {
            kind = TaskKind.valueOf(form.getKindName());
        } catch (IllegalArgumentException e) {
            problems.add("Pick one of the kinds: " + Arrays.toString(TaskKind.values()) + ".");
            kind = TaskKind.PAIRWISE;
        }
        // not a number: the service's sentence on overlap says what it must be
        Integer overlap = Checks.whole("Overlap", form.overlap, new ArrayList<>());
        KindSettings settings = kind.spec().settingsFromForm(form.settingFields(), problems);
        Double gold = share("Gold rate", form.goldRate, problems);
        Double honeypot = share("Honeypot rate", form.honeypotRate, problems);
        Campaigns.NewCampaign campaign = new Campaigns.NewCampaign(form.name, blankAsNull(form.description),
                blankAsNull(form.instructions), kind, overlap, null, settings, blankAsNull(form.systemPrompt));
        return new Parsed(campaign, gold == null ? 0 : gold, honeypot == null ? 0 : honeypot);
    }

    /** A percentage field as a share (5 → 0.05); empty is 0. */
    private static Double share(String field, String value, List<String> problems) {
        if (value == null || value.isBlank()) {
            return 0.0;
        }
        try {
            return new BigDecimal(value.strip()).movePointLeft(2).doubleValue();
        } catch (NumberFormatException e) {
            problems.add(field + " must be a percentage such as 5 or 2.5, not '" + Checks.shorten(value.strip()) + "'.");
            return null;
        }
    }

    static String percent(double share) {
        return BigDecimal.valueOf(share).movePointRight(2).stripTrailingZeros().toPlainString();
    }

    private static String blankAsNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static String blankAsZero(String value) {
        return value == null || value.isBlank() ? "0" : value.strip();
    }
}
