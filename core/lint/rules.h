#pragma once

// The rule checks, grouped by what they look at. Each reports into the context.

namespace wavesmith::lint {

class LintContext;

// dependencyrules.cpp
void checkDependencyWaves(LintContext &context);  // WS001, WS010
void checkDependencyCycles(LintContext &context); // WS002
// healthrules.cpp
void checkApplicationHealthCheck(LintContext &context); // WS003, WS019
void checkHealthScripts(LintContext &context);          // WS004, WS012
// syncrules.cpp
void checkSyncOptions(LintContext &context);          // WS005, WS006, WS007, WS018, WS021
void checkServerSideDiffConfig(LintContext &context); // WS011
// rootrules.cpp
void checkRoot(LintContext &context); // WS008, WS009, WS023
// applicationrules.cpp
void checkApplicationNames(LintContext &context);    // WS013
void checkDuplicatePaths(LintContext &context);      // WS014
void checkSyncWaveAnnotations(LintContext &context); // WS015
void checkGeneratorPaths(LintContext &context);      // WS016
void checkApplicationShape(LintContext &context);    // WS017
// manifestrules.cpp
void checkCrdOrder(LintContext &context);     // WS020
void checkPlainSecrets(LintContext &context); // WS022

} // namespace wavesmith::lint
