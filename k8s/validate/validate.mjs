// Validates Kubernetes objects offline: reads multi-document YAML (e.g. `kubectl kustomize overlays/x`)
// on stdin and checks each object against its schema by apiVersion and kind, with the models of
// kubernetes-models (core API), @kubernetes-models/keda (ScaledObject, TriggerAuthentication) and
// @kubernetes-models/prometheus-operator (ServiceMonitor). The schemas check types, required fields and
// enums; they do not reject unknown fields. Prints one line per object; exits 1 if any is invalid
// or of a kind no package describes.
import { parseAllDocuments } from "yaml";

const packages = ["kubernetes-models", "@kubernetes-models/keda", "@kubernetes-models/prometheus-operator"];

async function modelFor(apiVersion, kind) {
  for (const pkg of packages) {
    try {
      const models = await import(`${pkg}/${apiVersion}`);
      if (models[kind]) return models[kind];
    } catch (e) {
      if (e.code !== "ERR_PACKAGE_PATH_NOT_EXPORTED" && e.code !== "ERR_MODULE_NOT_FOUND") throw e;
    }
  }
  return undefined;
}

let input = "";
for await (const chunk of process.stdin) input += chunk;

let invalid = 0;
let valid = 0;
for (const doc of parseAllDocuments(input)) {
  if (doc.errors.length) {
    console.log(`invalid YAML: ${doc.errors.map((e) => e.message).join("; ")}`);
    invalid++;
    continue;
  }
  const object = doc.toJS();
  if (object == null) continue;
  const name = `${object.apiVersion}/${object.kind} ${object.metadata?.name}`;
  const Model = await modelFor(object.apiVersion, object.kind);
  if (!Model) {
    console.log(`invalid ${name}: no schema for this apiVersion and kind`);
    invalid++;
    continue;
  }
  try {
    new Model(object).validate();
    console.log(`valid ${name}`);
    valid++;
  } catch (e) {
    console.log(`invalid ${name}: ${e.message}`);
    invalid++;
  }
}
console.log(`objects: ${valid} valid, ${invalid} invalid`);
process.exit(invalid === 0 && valid > 0 ? 0 : 1);
