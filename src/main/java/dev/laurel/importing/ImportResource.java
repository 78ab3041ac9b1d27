package dev.laurel.importing;

import dev.laurel.account.Accounts;
import dev.laurel.account.Role;
import dev.laurel.platform.Upload;
import dev.laurel.platform.UploadConfig;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/campaigns/{id}/imports")
@Tag(name = "Imports", description = "Annotations made elsewhere, imported as answers that count but earn nothing")
public class ImportResource {
    private final Imports imports;
    private final Accounts accounts;
    private final SecurityIdentity identity;
    private final UploadConfig uploads;

    ImportResource(Imports imports, Accounts accounts, SecurityIdentity identity, UploadConfig uploads) {
        this.imports = imports;
        this.accounts = accounts;
        this.identity = identity;
        this.uploads = uploads;
    }

    @POST
    @Path("arena")
    @RolesAllowed({Role.MODELER, Role.ADMIN})
    @Consumes("*/*")
    @Operation(summary = "Import Chatbot Arena battle records (JSON array or JSON lines) into a pairwise campaign",
            description = "Each record: model_a, model_b, winner (model_a, model_b, tie, tie (bothbad)), optional judge and"
                    + " tstamp, and the texts as conversation_a/conversation_b, prompt/response_a/response_b, or Copilot"
                    + " Arena's prefix/suffix/completion_a/completion_b. Models are matched or created by name in your team."
                    + " All or nothing: any bad record rejects the file, listing every bad record.")
    public Response arena(@PathParam("id") long campaignId, InputStream body) {
        return imported(campaignId, new ArenaBattles(), body);
    }

    @POST
    @Path("labelstudio")
    @RolesAllowed({Role.MODELER, Role.ADMIN})
    @Consumes("*/*")
    @Operation(summary = "Import a Label Studio JSON export: its annotations of the control type the campaign's kind takes",
            description = "choices → categorical, rating → rubric (one rating control per dimension), pairwise → pairwise"
                    + " (data.text1 vs data.text2), ranker → ranking (data.items), textarea → correction. control names the"
                    + " control to read when the export has several; prompt and reply name the data fields that hold the texts"
                    + " when they are not the usual ones. All or nothing: any bad annotation rejects the file, listing each.")
    public Response labelStudio(@PathParam("id") long campaignId, @QueryParam("control") String control,
                                @QueryParam("prompt") String prompt, @QueryParam("reply") String reply, InputStream body) {
        return imported(campaignId, new LabelStudioExport(new LabelStudioExport.Options(blankToNull(control),
                blankToNull(prompt), blankToNull(reply))), body);
    }

    @POST
    @Path("oasst")
    @RolesAllowed({Role.MODELER, Role.ADMIN})
    @Consumes("*/*")
    @Operation(summary = "Import OpenAssistant message trees (the oasst trees export, one tree per line) into a ranking campaign",
            description = "Every group of sibling assistant replies with the crowd's ranks becomes one ranking answer of its own"
                    + " size about the conversation above it (kept turn by turn); deleted and spam messages are left out with"
                    + " what is below them. All or nothing: any bad tree rejects the file, listing each.")
    public Response oasst(@PathParam("id") long campaignId, InputStream body) {
        return imported(campaignId, new OasstTrees(), body);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private Response imported(long campaignId, ImportSource source, InputStream body) {
        String text = Upload.readText(body, uploads.maxBytes());
        return Response.status(201).entity(imports.importFile(accounts.current(identity), campaignId, source, text)).build();
    }
}
