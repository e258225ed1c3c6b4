from srdi_desktop.cli import main

raise SystemExit(main())
