import MediForCLI

await MediForMain.run()
