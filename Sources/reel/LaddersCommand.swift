import ArgumentParser
import ReelCore

/// `reel ladders`: lists the presets with their rungs.
struct LaddersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ladders",
        abstract: "List the ladder presets and their rungs.",
        discussion: """
            Presets are YAML files found in $REEL_LADDERS_PATH, ./ladders and the ladders/ folder \
            of the Reel installation. Pass a preset's name, or a path to your own YAML file, to \
            `reel package --ladder`.
            """
    )

    @Argument(help: "Show only this preset (a name or a .yaml path).")
    var name: String?

    func run() throws {
        let catalog = LadderCatalog()
        let ladders: [Ladder]
        do throws(LadderError) {
            if let name { ladders = [try catalog.loadPreset(nameOrFile: name)] } else { ladders = try catalog.all() }
        } catch {
            throw CLIError(message: error.description, exitCode: ExitStatus.permanent).exit
        }
        for (index, ladder) in ladders.enumerated() {
            if index > 0 { print("") }
            print(LadderDescription(ladder).text)
        }
    }
}
