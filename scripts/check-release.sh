#!/usr/bin/env bash
# Builds the release artifacts exactly as a publisher would (mvn -Prelease deploy), into a
# staging folder instead of a remote repository, and checks what users would get:
#   - exactly the library modules, the BOM, the parent and the CLI; no examples, benchmarks,
#     test support or tests jar;
#   - every library module with its jar, sources jar and Javadoc jar;
#   - every jar's manifest with Implementation-Version and a module name equal to the module's
#     JPMS name, and the licence inside;
#   - flattened POMs (no parent) with licence, scm, developers; a BOM listing every module.
# Usage: scripts/check-release.sh [STAGING_DIR]   (CI runs it after the tests, .ci/run)
set -euo pipefail
cd "$(dirname "$0")/.."
stage="${1:-target/release-staging}"
rm -rf "$stage"
mkdir -p "$stage"
stage="$(cd "$stage" && pwd)"

mvn -B -ntp -q -DskipTests -Prelease deploy -DaltDeploymentRepository="staging::file://$stage"

exec /usr/bin/env python3 - "$stage" <<'PY'
import glob, os, re, subprocess, sys, zipfile
import xml.etree.ElementTree as ET

stage = sys.argv[1]
NS = {"m": "http://maven.apache.org/POM/4.0.0"}
LIBRARIES = ["sweep-core", "sweep-process", "sweep-report", "sweep-junit",
             "sweep-samplers", "sweep-slurm", "sweep-postgres"]
EXPECTED = set(LIBRARIES) | {"sweep-cli", "sweep-bom", "sweep-parent"}
problems = []

def version_of_build():
    root = ET.parse("pom.xml").getroot()
    return root.find("m:version", NS).text

version = version_of_build()
found = {os.path.basename(os.path.dirname(p)) for p in glob.glob(f"{stage}/dev/sweep/*/{version}")}
if found != EXPECTED:
    problems.append(f"deployed modules {sorted(found)}, expected {sorted(EXPECTED)}")

def files(artifact):
    d = f"{stage}/dev/sweep/{artifact}/{version}"
    return sorted(glob.glob(f"{d}/*.jar") + glob.glob(f"{d}/*.pom"))

def classifier(path, artifact):
    # a snapshot's files carry a timestamp: sweep-core-0.1.0-20261207.123438-1-sources.jar
    name = os.path.basename(path)
    m = re.match(rf"{artifact}-[0-9][^-]*(?:-SNAPSHOT|-\d{{8}}\.\d{{6}}-\d+)?(?:-([a-z]+))?\.(jar|pom)$", name)
    return (m.group(1) or "", m.group(2)) if m else (name, "?")

def module_name(jar):
    out = subprocess.run(["jar", "--describe-module", "--file", jar],
                         capture_output=True, text=True).stdout
    first = out.strip().splitlines()[0] if out.strip() else ""
    return first.split("@")[0].split(" ")[0]

def check_jar(artifact, jar):
    with zipfile.ZipFile(jar) as z:
        names = set(z.namelist())
        manifest = z.read("META-INF/MANIFEST.MF").decode()
        fields = dict(l.split(": ", 1) for l in manifest.splitlines() if ": " in l)
        if fields.get("Implementation-Version") != version:
            problems.append(f"{jar}: Implementation-Version {fields.get('Implementation-Version')!r}, expected {version}")
        auto = fields.get("Automatic-Module-Name")
        if not auto:
            problems.append(f"{jar}: no Automatic-Module-Name")
        if "module-info.class" in names and module_name(jar) != auto:
            problems.append(f"{jar}: module-info names {module_name(jar)!r}, manifest {auto!r}")
        if not ({"META-INF/LICENSE", "LICENSE"} & names):
            problems.append(f"{jar}: no LICENSE")

def check_pom(artifact, pom):
    root = ET.parse(pom).getroot()
    if root.find("m:parent", NS) is not None and artifact != "sweep-parent":
        problems.append(f"{pom}: not flattened (has a parent)")
    for field in ["m:name", "m:description", "m:url", "m:licenses/m:license/m:name",
                  "m:scm/m:url", "m:developers/m:developer/m:name"]:
        if root.find(field, NS) is None:
            problems.append(f"{pom}: no {field.replace('m:', '')}")
    return root

for artifact in sorted(found & EXPECTED):
    kinds = {classifier(p, artifact) for p in files(artifact)}
    want = {("", "pom")}
    if artifact in LIBRARIES:
        want |= {("", "jar"), ("sources", "jar"), ("javadoc", "jar")}
    if artifact == "sweep-cli":
        want |= {("", "jar"), ("sources", "jar"), ("all", "jar")}
    if kinds != want:
        problems.append(f"{artifact}: files {sorted(kinds)}, expected {sorted(want)}")
    for p in files(artifact):
        c, ext = classifier(p, artifact)
        if ext == "jar" and c in ("", "all"):
            check_jar(artifact, p)
        if ext == "jar" and c == "javadoc":
            with zipfile.ZipFile(p) as z:
                if "index.html" not in z.namelist():
                    problems.append(f"{p}: no index.html")
        if ext == "pom":
            root = check_pom(artifact, p)
            if artifact == "sweep-bom":
                listed = {d.find("m:artifactId", NS).text for d in
                          root.findall("m:dependencyManagement/m:dependencies/m:dependency", NS)}
                if listed != set(LIBRARIES) | {"sweep-cli"}:
                    problems.append(f"the BOM lists {sorted(listed)}, expected every module users import")
                versions = {d.find("m:version", NS).text for d in
                            root.findall("m:dependencyManagement/m:dependencies/m:dependency", NS)}
                if versions - {version, "${project.version}"}:
                    problems.append(f"the BOM's versions {sorted(versions)}, expected {version}")

with zipfile.ZipFile(glob.glob(f"{stage}/dev/sweep/sweep-cli/{version}/*-all.jar")[0]) as z:
    lic = z.read("META-INF/LICENSE").decode(errors="replace")
    if "PostgreSQL Global Development Group" not in lic or "META-INF/NOTICE" not in z.namelist():
        problems.append("the CLI jar lost its dependencies' licences or notices")

if problems:
    print("check-release: FAILED", *problems, sep="\n  ", file=sys.stderr)
    sys.exit(1)
print(f"check-release: {len(found)} artifacts of {version} as users get them, in {stage}")
PY
