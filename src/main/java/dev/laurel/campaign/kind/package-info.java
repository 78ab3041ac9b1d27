/**
 * Task kinds: one folder per kind ({@code pairwise/}, {@code ranking/}, {@code rubric/}, {@code categorical/},
 * {@code correction/}), each holding everything the kind knows behind one {@link dev.laurel.campaign.kind.KindSpec}:
 * its settings (checks, defaults, the wizard's fields), the answer it takes (API schema, the player's form), the typed
 * answer stored for it ({@link dev.laurel.campaign.kind.KindAnswer}), quality's consensus space
 * ({@link dev.laurel.campaign.kind.AnswerSpace}) and its dataset rows ({@link dev.laurel.campaign.kind.DatasetRows}:
 * the tables, files and Hugging Face configs its answers make, and the comparisons behind preference pairs). The
 * package is pure: no database, no CDI, no I/O, so task, quality, dataset and importing all read it, and it reads none
 * of them.
 *
 * <h2>Adding a sixth kind</h2>
 * What it touches:
 * <ol>
 * <li>its folder here: a {@code KindSpec} (settings, answer, form, consensus space if any, {@code dataset}), its answer
 *     record, and its dataset rows; the dataset feature writes its JSONL, CSV, Parquet files and dataset card from
 *     those rows with no change;</li>
 * <li>the enum constant in {@link dev.laurel.campaign.TaskKind}, naming its spec;</li>
 * <li>its player: a branch of {@code templates/PlayerPages/play.html} with its keys in {@code frontend/src/players.js}
 *     (and its settings' fields in {@code templates/NewCampaignPages/wizard.html}, shown by {@code data-kind});</li>
 * <li>its answer format's name in {@link dev.laurel.campaign.kind.AnswerRequest}'s OpenAPI {@code oneOf}, and a field
 *     of {@code AnswerRequest} (or of {@link dev.laurel.campaign.KindSettings}) only when it takes an answer field (a
 *     setting) no kind has yet.</li>
 * </ol>
 * The task feature asks the kind how a prompt's replies become tasks ({@code KindSpec#taskGroups}), except pairwise,
 * whose pairs it picks itself by the model leaderboard's uncertainty; the dataset feature writes every file, the
 * Hugging Face folder and the Label Studio / Argilla files from the kind's {@code DatasetRows}. Still outside the
 * folder, written per kind today: reading a Label Studio export ({@code importing/LabelStudioExport}: the control it
 * reads is the kind's, {@code KindSpec#labelStudioControl}, but how its results become an answer is a switch there;
 * {@code templates/CampaignPages/detail.html} spells the control out too) and gold tasks ({@code quality/GoldTasks},
 * whose upload formats exist for pairwise and categorical only). A kind missing from them gets no Label Studio import
 * and no gold tasks; everything else works from its folder.
 */
package dev.laurel.campaign.kind;
