import Foundation
import AdvisorCore
import AdvisorFormats
import Testing

struct CatalogueReaderTests {
    static let valid = """
        schema_version: 1
        name: tiny
        geographies:
          - {code: eu, name: Europe}
        regions:
          - {code: eu-west-1, name: Ireland, geography: eu}
          - {code: eu-west-3, name: Paris, geography: eu}
        models:
          - {id: m, name: M}
        profiles:
          - id: eu.m
            model: m
            scope: eu
            sources: [eu-west-1]
            destinations: [eu-west-1, eu-west-3]
        """

    func error(_ text: String) -> String? {
        do {
            _ = try CatalogueReader.read(text, file: "cat.yaml")
            return nil
        } catch {
            return error.description
        }
    }

    @Test func readsAValidCatalogue() throws {
        let catalogue = try CatalogueReader.read(Self.valid, file: "cat.yaml")
        #expect(catalogue.name == "tiny")
        #expect(catalogue.callability(of: "eu.m", from: "eu-west-1") == .callable(destinations: ["eu-west-1", "eu-west-3"]))
    }

    @Test func theBuiltInCatalogueReads() throws {
        let catalogue = try BuiltinData.catalogue()
        #expect(catalogue.profiles.count >= 41)
        #expect(catalogue.regions.count == 35)
        for scope in ["global", "us", "eu", "jp", "au", "apac", "ca", "us-gov"] {
            #expect(catalogue.profiles.contains { $0.scope.rawValue == scope }, "no \(scope). profile")
        }
    }

    static let malformedCases: [(String, String)] = [
        (
            valid.replacingOccurrences(of: "sources: [eu-west-1]", with: "sources: [eu-west-9]"),
            "cat.yaml:14:15: profiles[0].sources[0]: unknown region 'eu-west-9' (did you mean 'eu-west-1'?)"
        ),
        (
            valid.replacingOccurrences(of: "scope: eu", with: "scope: us"),
            "cat.yaml:13:12: profiles[0].scope: scope 'us' does not match the prefix of profile id 'eu.m'"
        ),
        (
            valid.replacingOccurrences(of: "model: m\n", with: "modle: m\n"),
            "cat.yaml:12:5: profiles[0].modle: unknown key 'modle' (did you mean 'model'?); expected one of id, model, scope, sources, destinations, routes, source, notes, active, inactive_sources"
        ),
        (
            valid.replacingOccurrences(of: "schema_version: 1", with: "schema_version: 7"),
            "cat.yaml:1:17: schema_version: unsupported schema_version 7; this advisor reads 1"
        ),
        (
            valid.replacingOccurrences(of: "  - {id: m, name: M}", with: "  - {id: m, name: M\n"),
            "cat.yaml:11:9: invalid YAML: while parsing a flow mapping did not find expected ',' or '}' (opened at line 9, column 5)"
        ),
        (
            valid + "\n  - {id: eu.m, model: m, scope: eu, sources: [eu-west-1], destinations: all-commercial}",
            "cat.yaml:16:10: profiles[1].id: duplicate profile 'eu.m'"
        ),
        (
            valid.replacingOccurrences(of: "geography: eu}\n  - {code: eu-west-3", with: "geography: europe}\n  - {code: eu-west-3"),
            "cat.yaml:6:49: regions[0].geography: unknown geography 'europe'; expected one of eu"
        ),
    ]

    @Test("Malformed catalogues are reported at their line", arguments: malformedCases)
    func malformed(text: String, message: String) {
        #expect(error(text) == message)
    }

    /// Issue 25's catalogue facts: a stated burndown needs its source and date, a lifecycle its
    /// dates as dates and a successor the catalogue has; without a stated rate AWS's rule applies.
    @Test func factsCarryTheirSourceAndDateAndASuccessorMustExist() throws {
        let lifecycle =
            "  - id: m\n    name: M\n    lifecycle: {end_of_life: \"2026-10-14\", successor: NEXT, source: s, read_on: \"2026-12-05\"}"
        let withSuccessor = { (next: String) in
            Self.valid.replacingOccurrences(of: "  - {id: m, name: M}", with: lifecycle.replacingOccurrences(of: "NEXT", with: next))
        }
        #expect(error(withSuccessor("m")) == nil)
        #expect(
            error(withSuccessor("mm"))?.contains("successor 'mm' is not a model of this catalogue (did you mean 'm'?)") == true,
            "\(error(withSuccessor("mm")) ?? "")")
        let badDate = withSuccessor("m").replacingOccurrences(of: "\"2026-10-14\"", with: "\"soon\"")
        #expect(error(badDate)?.contains("expected a date YYYY-MM-DD") == true)
        let stated = Self.valid.replacingOccurrences(of: "  - {id: m, name: M}", with: "  - {id: m, name: M, output_burndown: 3}")
        #expect(error(stated)?.contains("a stated output_burndown needs burndown_source") == true, "\(error(stated) ?? "")")
        let huge = Self.valid.replacingOccurrences(
            of: "  - {id: m, name: M}",
            with: "  - {id: m, name: M, output_burndown: 123456789012345678901234567890, burndown_source: s, burndown_read: \"2026-12-05\"}"
        )
        #expect(error(huge)?.contains("expected a burndown rate from 1 to 100") == true)
        #expect(try CatalogueReader.read(Self.valid, file: "cat.yaml").models[0].outputBurndown == 1)
    }

    /// AWS's rule reads the Claude version from the model id: 3.7 and later count 5x.
    @Test func theBurndownRuleReadsTheClaudeVersion() {
        let cases: [(String, Double, Bool)] = [
            ("anthropic.claude-sonnet-4-6", 5, true), ("us.anthropic.claude-3-7-sonnet-20250219-v1:0", 5, true),
            ("anthropic.claude-3-5-sonnet-20241022-v2:0", 1, true), ("anthropic.claude-3-haiku-20240307-v1:0", 1, true),
            ("anthropic.claude-sonnet-4-20250514-v1:0", 5, true), ("anthropic.claude-opus-4-1-20250805-v1:0", 5, true),
            ("anthropic.claude-opus-4-7", 5, true), ("anthropic.claude-sonnet-5", 5, false), ("anthropic.claude-instant-v1", 1, true),
            ("amazon.nova-2-lite-v1:0", 1, true), ("meta.llama4-maverick-17b-instruct-v1:0", 1, true),
        ]
        for (id, rate, confirmed) in cases {
            let rule = QuotaBurndown.documented(modelId: id)
            #expect(rule.rate == rate && rule.confirmed == confirmed, "\(id): \(rule)")
        }
    }
}
