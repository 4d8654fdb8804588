import AdvisorCore
import AdvisorFormats
import AdvisorTestSupport
import Foundation
import Testing

/// Importing list-inference-profiles answers: authoritative per region, paging, application and
/// inactive profiles, and what callable() then answers.
struct CatalogueImportTests {
    let base: Catalogue

    init() throws { base = try BuiltinData.catalogue() }

    func listing(_ files: [String], region: String? = nil) throws -> RegionListing {
        let known = Set(base.regions.map(\.code))
        var profiles: [ListedProfile] = []
        var regions: Set<String> = []
        for file in files {
            let page = try InferenceProfileListReader.read(
                try String(contentsOf: URL(fileURLWithPath: file), encoding: .utf8),
                file: file, knownRegions: known)
            profiles += page.profiles
            regions.formUnion(page.arnRegions)
        }
        return RegionListing(region: region ?? regions.first!, profiles: profiles, files: files)
    }

    @Test(.enabled(if: Shared.isAvailable, Comment(rawValue: Shared.skipMessage)))
    func theExampleMakesItsProfilesCallableFromEuWest1Only() throws {
        let imported = CatalogueImport.apply(
            [try listing([Shared.file("testdata/list-inference-profiles-example.json").path])],
            to: base, name: "example")
        #expect(
            imported.callability(of: "eu.anthropic.claude-sonnet-4-6", from: "eu-west-1")
                == .callable(destinations: ["eu-central-1", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-3"]))
        // A region-less ARN means any commercial region, though models[] names only four.
        #expect(
            imported.callability(of: "global.anthropic.claude-sonnet-4-6", from: "eu-west-1")
                == .callable(destinations: imported.commercialRegionCodes))
        // Authoritative for eu-west-1: what it did not list is no longer callable from there ...
        #expect(!imported.callability(of: "eu.amazon.nova-2-lite-v1:0", from: "eu-west-1").isCallable)
        // ... and other source regions keep what the catalogue said.
        #expect(imported.callability(of: "eu.amazon.nova-2-lite-v1:0", from: "eu-central-1").isCallable)
        #expect(imported.callability(of: "eu.anthropic.claude-sonnet-4-6", from: "eu-central-1").isCallable)
    }

    /// `aws bedrock list-inference-profiles` without --type-equals lists only system profiles, and
    /// with `--type-equals APPLICATION` only application ones: a file speaks for the kinds it holds.
    @Test func aListingOfOneKindLeavesTheOtherKindAsItWas() throws {
        let system = ListedProfile(
            id: "eu.anthropic.claude-sonnet-4-6",
            arn: "arn:aws:bedrock:eu-west-1:111122223333:inference-profile/eu.anthropic.claude-sonnet-4-6",
            kind: .systemDefined, status: "ACTIVE", models: [ModelARN(region: "eu-west-1", model: "anthropic.claude-sonnet-4-6")],
            location: "s.json")
        let application = ListedProfile(
            id: "app1", arn: "arn:aws:bedrock:eu-west-1:111122223333:application-inference-profile/app1", kind: .application,
            status: "ACTIVE", models: [ModelARN(region: "eu-west-1", model: "anthropic.claude-sonnet-4-6")], location: "a.json")
        let both = CatalogueImport.apply(
            [RegionListing(region: "eu-west-1", profiles: [system, application], files: ["s.json", "a.json"])], to: base, name: "both")
        #expect(both.applicationProfiles.map(\.id) == ["app1"])
        // Only application profiles: the Region's system profiles stay callable (they were dropped before).
        let applicationsOnly = CatalogueImport.apply(
            [RegionListing(region: "eu-west-1", profiles: [application], files: ["a.json"])], to: both, name: "apps")
        #expect(applicationsOnly.callability(of: "eu.anthropic.claude-sonnet-4-6", from: "eu-west-1").isCallable)
        #expect(applicationsOnly.callability(of: "eu.amazon.nova-2-lite-v1:0", from: "eu-west-1").isCallable == false)
        // Only system profiles (the CLI's default listing): the application profile stays.
        let systemOnly = CatalogueImport.apply(
            [RegionListing(region: "eu-west-1", profiles: [system], files: ["s.json"])], to: both, name: "system")
        #expect(systemOnly.applicationProfiles.map(\.id) == ["app1"])
        // A refresh lists both kinds: what it omits is gone, of either kind.
        let refreshed = CatalogueImport.apply(
            [RegionListing(region: "eu-west-1", profiles: [system], files: ["r"], covers: [.systemDefined, .application])], to: both,
            name: "refresh")
        #expect(refreshed.applicationProfiles.isEmpty)
    }

    @Test func listedLifecycleUpdatesLegacyModelsAndKeepsTheSuccessor() {
        let listed = [
            ListedModel(
                id: "amazon.nova-pro-v1:0", status: "LEGACY", legacyFrom: nil, extendedAccessFrom: nil, endOfLife: "2027-07-01",
                region: "eu-west-1"),
            ListedModel(
                id: "anthropic.claude-sonnet-4-20250514-v1:0", status: "LEGACY", legacyFrom: "2026-04-14", extendedAccessFrom: "2026-07-14",
                endOfLife: "2026-10-14", region: "eu-west-1"),
            ListedModel(
                id: "anthropic.claude-sonnet-4-6", status: "ACTIVE", legacyFrom: nil, extendedAccessFrom: nil, endOfLife: nil,
                region: "eu-west-1"),
        ]
        let updated = CatalogueImport.applyLifecycle(listed, to: base, readOn: "2026-12-05")
        let nova = updated.models.first { $0.id == "amazon.nova-pro-v1:0" }?.lifecycle
        #expect(nova?.legacyFrom == "2026-12-05", "no legacy date given: legacy as of the day it was read")
        #expect(nova?.endOfLife == "2027-07-01")
        #expect(nova?.source == "ListFoundationModels from eu-west-1")
        let sonnet4 = updated.models.first { $0.id == "anthropic.claude-sonnet-4-20250514-v1:0" }
        #expect(sonnet4 == base.models.first { $0.id == "anthropic.claude-sonnet-4-20250514-v1:0" }, "the same dates: untouched")
        #expect(updated.models.first { $0.id == "anthropic.claude-sonnet-4-6" }?.lifecycle == nil)
        #expect(CatalogueDiff.compute(old: base, new: updated).lifecycleChanged == ["amazon.nova-pro-v1:0"])
    }

    @Test func pagesOfOneRegionAreMerged() throws {
        let pages = try listing([
            Repo.file("Fixtures/aws/eu-central-1-page-1.json").path, Repo.file("Fixtures/aws/eu-central-1-page-2.json").path,
        ])
        #expect(pages.region == "eu-central-1")
        #expect(pages.profiles.count == 3)
        let imported = CatalogueImport.apply([pages], to: base, name: "paged")
        #expect(imported.callability(of: "global.anthropic.claude-sonnet-4-6", from: "eu-central-1").isCallable)
        #expect(imported.callability(of: "eu.amazon.nova-2-lite-v1:0", from: "eu-central-1").isCallable)
        #expect(
            imported.callability(of: "eu.anthropic.claude-sonnet-4-6", from: "eu-central-1")
                == .notCallable(
                    reason:
                        "not callable from eu-central-1: its source regions are eu-central-2, eu-north-1, eu-south-1, eu-south-2, eu-west-1, eu-west-2, eu-west-3",
                    bedrockError: BedrockRefusal.profileNotCallable))
    }

    @Test func applicationProfilesResolveToWhatTheyWrap() throws {
        let imported = CatalogueImport.apply(
            [try listing([Repo.file("Fixtures/aws/us-east-1-application-profile.json").path])],
            to: base, name: "apps")
        let application = try #require(imported.applicationProfiles.first)
        #expect(application.wraps == "us.anthropic.claude-sonnet-4-6")
        #expect(application.region == "us-east-1")
        #expect(
            imported.callability(of: application.arn, from: "us-east-1")
                == .callable(destinations: ["us-east-1", "us-east-2", "us-west-2"]))
        #expect(imported.callability(of: "k3x9q2m7ab1c", from: "us-east-1").isCallable)
        #expect(!imported.callability(of: application.arn, from: "us-west-2").isCallable)
        // It survives being written and read back as a stored version.
        let stored = try CatalogueReader.read(CatalogueWriter.yaml(imported), file: "stored")
        #expect(stored.applicationProfiles == imported.applicationProfiles)
    }

    /// Issue 9: an application profile wrapping a model no system profile listed made an import
    /// that did not read back, with an error naming neither the input nor its JSON path.
    @Test func anApplicationProfileOfAnUnlistedModelAddsTheModel() throws {
        let data = try Data(contentsOf: Repo.file("Fixtures/aws/us-east-1-application-profile.json"))
        var answer = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var summaries = try #require(answer["inferenceProfileSummaries"] as? [[String: Any]])
        for index in summaries.indices where summaries[index]["type"] as? String == "APPLICATION" {
            summaries[index]["models"] = [["modelArn": "arn:aws:bedrock:us-east-1::foundation-model/acme.unlisted-v9"]]
        }
        answer["inferenceProfileSummaries"] = summaries
        let text = String(decoding: try JSONSerialization.data(withJSONObject: answer), as: UTF8.self)
        let listing = try InferenceProfileListReader.listings(
            [(path: "apps.json", text: text)], region: nil,
            knownRegions: Set(base.regions.map(\.code)))
        let imported = CatalogueImport.apply(listing, to: base, name: "apps")
        let found = imported.model("acme.unlisted-v9")
        #expect(found != nil, "the wrapped model was not added")
        guard let model = found else { return }
        #expect(model.source.hasPrefix("imported: apps.json: inferenceProfileSummaries["))
        let stored = try CatalogueReader.read(CatalogueWriter.yaml(imported), file: "stored")
        #expect(stored.applicationProfiles.first?.wraps == "acme.unlisted-v9")
    }

    @Test func inactiveProfilesAreKeptButNotCallable() throws {
        let imported = CatalogueImport.apply(
            [try listing([Repo.file("Fixtures/aws/ap-northeast-1-inactive-profile.json").path])],
            to: base, name: "inactive")
        let jp = try #require(imported.profile("jp.anthropic.claude-sonnet-4-6"))
        #expect(jp.inactiveSources == ["ap-northeast-1"])
        #expect(
            imported.callability(of: jp.id, from: "ap-northeast-1")
                == .notCallable(
                    reason: "the profile is listed as inactive from ap-northeast-1 in catalogue inactive",
                    bedrockError: BedrockRefusal.profileNotCallable))
        #expect(imported.callability(of: jp.id, from: "ap-northeast-3").isCallable)
        #expect(imported.callability(of: "jp.amazon.nova-2-lite-v1:0", from: "ap-northeast-1").isCallable)
    }

    @Test func destinationsAreKeptPerSource() throws {
        // A listing from eu-west-2 that routes the eu. profile to a different set than the core.
        let entry = ListedProfile(
            id: "eu.anthropic.claude-sonnet-4-6", arn: "arn:aws:bedrock:eu-west-2:1:inference-profile/eu.anthropic.claude-sonnet-4-6",
            kind: .systemDefined, status: "ACTIVE",
            models: ["eu-west-2", "eu-west-1"].map { ModelARN(region: $0, model: "anthropic.claude-sonnet-4-6") },
            location: "test")
        let imported = CatalogueImport.apply([RegionListing(region: "eu-west-2", profiles: [entry], files: [])], to: base, name: "routes")
        let profile = try #require(imported.profile(entry.id))
        #expect(imported.destinations(of: profile, from: "eu-west-2") == ["eu-west-1", "eu-west-2"])
        #expect(imported.destinations(of: profile, from: "eu-central-1").count == 6)
        let diff = CatalogueDiff.compute(old: base, new: imported)
        let change = try #require(diff.changed.first { $0.id == entry.id })
        #expect(
            change.routes == [
                CatalogueDiff.RouteChange(
                    source: "eu-west-2", added: [],
                    removed: ["eu-central-1", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-3"])
            ])
    }

    @Test func validationFindsInconsistencies() throws {
        func entry(_ id: String, _ regions: [String?], status: String = "ACTIVE") -> ListedProfile {
            ListedProfile(
                id: id, arn: "arn:aws:bedrock:eu-west-1:1:inference-profile/\(id)", kind: .systemDefined, status: status,
                models: regions.map { ModelARN(region: $0, model: "m") }, location: "f.json: [\(id)]")
        }
        let listing = RegionListing(
            region: "eu-west-1",
            profiles: [
                entry("eu.m", ["eu-west-1", "us-east-1"]),  // leaves its geography
                entry("xx.m", ["eu-west-1"]),  // unknown prefix
                entry("eu.m", ["eu-west-1"]),  // duplicate
                entry("global.m", ["eu-west-1"]),  // no region-less ARN
            ], files: [])
        let issues = CatalogueValidation.check([listing], catalogue: base)
        #expect(
            issues.map(\.message) == [
                "geographic profile eu.m called from eu-west-1 routes outside eu: us-east-1",
                "the prefix 'xx' of xx.m is neither global nor a geography of the catalogue (us, us-gov, ca, latam, eu, me, af, apac, jp, au)",
                "duplicate profile id eu.m (also at f.json: [eu.m])",
            ])
        // The built-in catalogue itself is consistent.
        #expect(CatalogueValidation.check(base, location: "builtin").isEmpty)
    }
}
