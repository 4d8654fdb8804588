public import Foundation

/// One fact about AWS that advisor's answers rest on, with where it was read and when: what
/// `advisor catalogue show --facts` lists, and what an answer cites.
public struct CatalogueFact: Sendable, Equatable {
    /// What the fact is about: a model id, a geography code, or "every model".
    public var subject: String
    public var fact: String
    public var value: String
    public var source: String
    /// YYYY-MM-DD, or nil when the catalogue does not say.
    public var readOn: String?
    public var confirmed: Bool

    public init(subject: String, fact: String, value: String, source: String, readOn: String?, confirmed: Bool = true) {
        self.subject = subject
        self.fact = fact
        self.value = value
        self.source = source
        self.readOn = readOn
        self.confirmed = confirmed
    }

    /// Days from `readOn` to `now`, nil without a date.
    public func ageDays(now: Date) -> Int? {
        guard let readOn, let read = RFC3339.parseDateOrDateTime(readOn) else { return nil }
        return max(0, Int(now.timeIntervalSince(read) / 86_400))
    }

    /// Facts older than this are flagged: AWS changes its Bedrock pages about monthly.
    public static let staleAfterDays = 90
}

extension Catalogue {
    /// Every dated fact the catalogue carries: quota burndown per model, lifecycle dates, where
    /// geographies keep data.
    public var facts: [CatalogueFact] {
        var facts: [CatalogueFact] = [RuntimeQuotaKinds.rpmFact, MantleQuotas.fact]
        for model in models {
            facts.append(
                CatalogueFact(
                    subject: model.id, fact: "quota burndown", value: "output tokens count \(Self.rate(model.outputBurndown))x",
                    source: model.burndownSource ?? "(none)", readOn: model.burndownReadOn, confirmed: model.burndownConfirmed))
            if let lifecycle = model.lifecycle {
                facts.append(
                    CatalogueFact(
                        subject: model.id, fact: "lifecycle", value: lifecycle.dates, source: lifecycle.source, readOn: lifecycle.readOn))
            }
        }
        for geography in geographies {
            if let keeps = geography.keepsData {
                facts.append(
                    CatalogueFact(
                        subject: geography.code + ".", fact: "keeps data", value: keeps, source: geography.keepsDataSource ?? "(none)",
                        readOn: nil))
            }
        }
        return facts
    }

    static func rate(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
