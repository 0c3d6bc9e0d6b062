from influence_desk.cli import main

main()
