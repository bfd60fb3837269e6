#!/usr/bin/env python3
"""Validate what `wavesmith init` renders against Argo CD's CRD schemas.

Usage: validate_rendered.py WAVESMITH CRD_DIR

For each template, runs `wavesmith init` into a temporary folder and checks every document
of kind Application, ApplicationSet and AppProject against the matching CRD's
openAPIV3Schema (jsonschema), and rejects fields the schema does not declare, as the API
server's strict field validation does. Exits 77 (skipped) when CRD_DIR is absent.
"""
import os
import subprocess
import sys
import tempfile

try:
    import jsonschema
    import yaml
except ImportError as error:  # pragma: no cover - install step missing
    print(f"SKIP: python3-jsonschema/python3-yaml missing ({error})")
    sys.exit(77)

CRD_FILES = {
    "Application": "application-crd.yaml",
    "ApplicationSet": "applicationset-crd.yaml",
    "AppProject": "appproject-crd.yaml",
}


def load_schemas(crd_dir):
    schemas = {}
    for kind, name in CRD_FILES.items():
        with open(os.path.join(crd_dir, name), encoding="utf-8") as f:
            crd = yaml.safe_load(f)
        assert crd["spec"]["names"]["kind"] == kind, name
        schemas[kind] = crd["spec"]["versions"][0]["schema"]["openAPIV3Schema"]
    return schemas


def unknown_fields(value, schema, path):
    """Fields in value that the structural schema does not declare."""
    if schema.get("x-kubernetes-preserve-unknown-fields"):
        return []
    problems = []
    if isinstance(value, dict):
        properties = schema.get("properties")
        additional = schema.get("additionalProperties")
        for key, child in value.items():
            if properties is not None and key in properties:
                problems += unknown_fields(child, properties[key], f"{path}.{key}")
            elif isinstance(additional, dict):
                problems += unknown_fields(child, additional, f"{path}.{key}")
            elif path == "" and key in ("apiVersion", "kind", "metadata"):
                continue
            elif properties is not None:
                problems.append(f"{path}.{key}")
    elif isinstance(value, list) and isinstance(schema.get("items"), dict):
        for index, child in enumerate(value):
            problems += unknown_fields(child, schema["items"], f"{path}[{index}]")
    return problems


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    wavesmith, crd_dir = sys.argv[1], sys.argv[2]
    if not os.path.isdir(crd_dir):
        print(f"SKIP: {crd_dir} is absent (../shared not laid beside the checkout)")
        return 77
    schemas = load_schemas(crd_dir)
    counts = {kind: 0 for kind in CRD_FILES}
    failures = []
    for template in ("homelab", "minimal"):
        with tempfile.TemporaryDirectory() as tmp:
            repo = os.path.join(tmp, "repo")
            subprocess.run([wavesmith, "init", repo, "--template", template], check=True,
                           stdout=subprocess.DEVNULL)
            for folder, _, files in os.walk(repo):
                if "/.git" in folder:
                    continue
                for name in sorted(files):
                    if not name.endswith(".yaml"):
                        continue
                    full = os.path.join(folder, name)
                    rel = os.path.relpath(full, repo)
                    with open(full, encoding="utf-8") as f:
                        documents = [d for d in yaml.safe_load_all(f) if d]
                    for doc in documents:
                        kind = doc.get("kind") if isinstance(doc, dict) else None
                        if kind not in schemas:
                            continue
                        counts[kind] += 1
                        where = f"{template}:{rel}: {kind} {doc.get('metadata', {}).get('name')}"
                        if doc.get("apiVersion") != "argoproj.io/v1alpha1":
                            failures.append(f"{where}: apiVersion {doc.get('apiVersion')}")
                        validator = jsonschema.Draft7Validator(schemas[kind])
                        for error in validator.iter_errors(doc):
                            location = "/".join(str(p) for p in error.absolute_path)
                            failures.append(f"{where}: {location}: {error.message}")
                        for field in unknown_fields(doc, schemas[kind], ""):
                            failures.append(f"{where}: unknown field {field}")
    for failure in failures:
        print("FAIL", failure)
    print("validated: " + ", ".join(f"{n} {k}" for k, n in counts.items()))
    if min(counts.values()) == 0:
        print("FAIL: a kind was never rendered, nothing to validate for it")
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
