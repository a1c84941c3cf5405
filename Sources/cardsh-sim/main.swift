print("cardsh-sim")
