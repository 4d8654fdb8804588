/// The policy language: the namespace of its lexer, parser, expressions, values, type checker and
/// evaluator. Rules, facts and the engine that use it live beside it (PolicyEngine, PolicyFacts).
public enum Policy {}
