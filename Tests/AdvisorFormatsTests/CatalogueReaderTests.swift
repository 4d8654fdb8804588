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
}
